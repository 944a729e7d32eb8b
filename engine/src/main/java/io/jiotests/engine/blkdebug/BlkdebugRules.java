package io.jiotests.engine.blkdebug;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule engine of one blkdebug node, as QEMU's blkdebug runs it: the rules per event, the
 * current state (starting at 1), the list of active error rules, and suspended requests.
 *
 * <p>When an event is raised, each rule for it whose state matches runs: an error rule replaces
 * the active list (the first error rule of the event clears it), a set-state rule picks the state
 * that holds after the event, a breakpoint is removed and suspends the raising thread until
 * {@link #resume} (printing "blkdebug: Suspended request 'TAG'" and "blkdebug: Resuming request
 * 'TAG'"). A request checks the active list: the first rule that covers it fails it with its errno;
 * a once-rule is then deleted.
 */
public final class BlkdebugRules {
    /** Rules per event; QEMU inserts at the head, so the newest rule of an event runs first. */
    private final Map<String, List<BlkdebugRule>> rules = new HashMap<>();
    private final List<BlkdebugRule> active = new ArrayList<>();
    private final Map<String, Suspended> suspended = new LinkedHashMap<>();
    private long state = 1;
    private volatile PrintStream console;

    private static final class Suspended {
        boolean resumed;
    }

    /** Where the suspend / resume messages go (qemu-io's standard output); null drops them. */
    public void setConsole(PrintStream console) {
        this.console = console;
    }

    public synchronized void add(BlkdebugRule rule) {
        rules.computeIfAbsent(rule.event(), e -> new ArrayList<>()).addFirst(rule);
    }

    public synchronized long state() {
        return state;
    }

    /** The active error rules, in the order requests check them. */
    public synchronized List<BlkdebugRule> activeRules() {
        return List.copyOf(active);
    }

    /** The rules waiting for this event, in the order they run. */
    public synchronized List<BlkdebugRule> rulesFor(String event) {
        return List.copyOf(rules.getOrDefault(event, List.of()));
    }

    /** Raises an event: runs its rules, then suspends the caller once per breakpoint that fired. */
    public void event(String event) {
        List<String> tags = new ArrayList<>();
        synchronized (this) {
            List<BlkdebugRule> list = rules.get(event);
            if (list == null || list.isEmpty()) {
                return;
            }
            long newState = state;
            boolean injected = false;
            for (BlkdebugRule rule : List.copyOf(list)) {
                if (rule.state() != 0 && rule.state() != state) {
                    continue;
                }
                switch (rule.action()) {
                    case INJECT_ERROR -> {
                        if (!injected) {
                            active.clear();
                            injected = true;
                        }
                        active.addFirst(rule);
                    }
                    case SET_STATE -> newState = rule.newState();
                    case SUSPEND -> {
                        list.remove(rule);
                        tags.add(rule.tag());
                    }
                }
            }
            state = newState;
        }
        for (String tag : tags) {
            suspend(tag);
        }
    }

    /**
     * Checks a request against the active error rules (QEMU's rule_check): the errno of the first
     * rule that covers it, else 0. A once-rule that fires is deleted.
     */
    public synchronized int check(long offset, long bytes, BlkdebugRule.IoType type) {
        for (BlkdebugRule rule : active) {
            if (rule.hits(offset, bytes, type)) {
                if (rule.once()) {
                    active.remove(rule);
                    List<BlkdebugRule> list = rules.get(rule.event());
                    if (list != null) {
                        list.remove(rule);
                    }
                }
                return rule.errno();
            }
        }
        return 0;
    }

    /** qemu-io break: a breakpoint on event tagged tag; ENOENT for an unknown event. */
    public void addBreakpoint(String event, String tag) throws BlockException {
        if (!BlkdebugEvent.isValid(event)) {
            throw new BlockException(Errno.ENOENT);
        }
        add(BlkdebugRule.breakpoint(event, tag));
    }

    /** qemu-io remove_break: resumes requests suspended as tag and deletes breakpoints tagged tag. */
    public void removeBreakpoint(String tag) throws BlockException {
        boolean found = false;
        synchronized (this) {
            Suspended s = suspended.get(tag);
            if (s != null) {
                found = true;
            }
            for (List<BlkdebugRule> list : rules.values()) {
                found |= list.removeIf(r -> r.action() == BlkdebugRule.Action.SUSPEND && tag.equals(r.tag()));
            }
        }
        if (!found) {
            throw new BlockException(Errno.ENOENT);
        }
        if (isSuspended(tag)) {
            resume(tag);
        }
    }

    /** qemu-io resume: lets the request suspended as tag run on; ENOENT if there is none. */
    public void resume(String tag) throws BlockException {
        synchronized (this) {
            Suspended s = suspended.remove(tag);
            if (s == null) {
                throw new BlockException(Errno.ENOENT);
            }
            s.resumed = true;
            notifyAll();
        }
    }

    public synchronized boolean isSuspended(String tag) {
        return suspended.containsKey(tag);
    }

    /** Whether a breakpoint is set that no request has hit yet. */
    public synchronized boolean hasBreakpoints() {
        for (List<BlkdebugRule> list : rules.values()) {
            for (BlkdebugRule r : list) {
                if (r.action() == BlkdebugRule.Action.SUSPEND) {
                    return true;
                }
            }
        }
        return false;
    }

    public synchronized int suspendedCount() {
        return suspended.size();
    }

    /** Lets every suspended request run on and drops all breakpoints (the node is closing). */
    public synchronized void releaseAll() {
        for (List<BlkdebugRule> list : rules.values()) {
            list.removeIf(r -> r.action() == BlkdebugRule.Action.SUSPEND);
        }
        for (Suspended s : suspended.values()) {
            s.resumed = true;
        }
        suspended.clear();
        notifyAll();
    }

    private void suspend(String tag) {
        Suspended s = new Suspended();
        synchronized (this) {
            suspended.put(tag, s);
            print("blkdebug: Suspended request '" + tag + "'");
            notifyAll();
            boolean interrupted = false;
            while (!s.resumed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            print("blkdebug: Resuming request '" + tag + "'");
            notifyAll();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void print(String line) {
        PrintStream c = console;
        if (c != null) {
            c.println(line);
            c.flush();
        }
    }
}
