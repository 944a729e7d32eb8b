package io.jiotests.engine.tools.io;

import io.jiotests.engine.blkdebug.BlkdebugNode;
import io.jiotests.engine.blkdebug.BlkdebugRules;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;

import java.io.PrintStream;

/**
 * qemu-io's break, remove_break, resume and wait_break on the first blkdebug node below the root
 * (found along the file children, as bdrv_debug_breakpoint walks primary children). Without one,
 * break, remove_break and resume fail with ENOTSUP as in QEMU.
 *
 * <p>To keep runs deterministic the tool waits, after a request is submitted or resumed while
 * breakpoints exist, until every outstanding request has either completed or stopped at a
 * breakpoint: in QEMU a coroutine runs until it yields, and a suspended request prints its
 * "blkdebug: Suspended request" line before the next command runs.
 */
final class BreakpointCommands {
    private final QemuIoSession s;
    private final PrintStream out;

    BreakpointCommands(QemuIoSession session) {
        this.s = session;
        this.out = session.out();
    }

    /** The rules of the blkdebug node under the open image, or null. */
    static BlkdebugRules find(BlockNode root) {
        for (BlockNode n = root; n != null; n = n.file()) {
            if (n instanceof BlkdebugNode b) {
                return b.rules();
            }
        }
        return null;
    }

    boolean run(String name, String[] args) {
        BlkdebugRules rules = find(s.blk().root());
        if (name.equals("wait_break")) {
            return waitBreak(rules, args[0]);
        }
        String prefix = switch (name) {
            case "break" -> "Could not set breakpoint: ";
            case "remove_break" -> "Could not remove breakpoint " + args[0] + ": ";
            default -> "Could not resume request: ";
        };
        if (rules == null) {
            out.println(prefix + Errno.ENOTSUP.text());
            return false;
        }
        rules.setConsole(out);
        try {
            switch (name) {
                case "break" -> rules.addBreakpoint(args[0], args[1]);
                case "remove_break" -> {
                    rules.removeBreakpoint(args[0]);
                    s.aio().settle(rules::suspendedCount);
                }
                default -> {
                    rules.resume(args[0]);
                    s.aio().settle(rules::suspendedCount);
                }
            }
            return true;
        } catch (BlockException e) {
            out.println(prefix + e.errno().text());
            return false;
        }
    }

    /**
     * Waits until a request is suspended as tag. QEMU would wait forever when no request can get
     * there; here, once every outstanding request has completed or is suspended elsewhere, the
     * command fails with a message instead of hanging.
     */
    private boolean waitBreak(BlkdebugRules rules, String tag) {
        if (rules != null) {
            s.aio().settle(rules::suspendedCount);
            if (rules.isSuspended(tag)) {
                return true;
            }
        }
        s.err().println("qemu-io: wait_break: no request can be suspended as " + tag
                + (rules == null ? " (no blkdebug node)" : "") + "; qemu-io would wait forever");
        return false;
    }
}
