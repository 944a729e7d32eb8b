package io.jiotests.engine.tools.io;

import io.jiotests.engine.block.RequestTurns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * qemu-io's asynchronous requests: each aio_read / aio_write runs on its own virtual thread (QEMU
 * runs it as a coroutine) and writes its completion report into a private buffer, which joins a
 * queue when the request completes. Reports are printed in completion order between commands
 * (where qemu-io's event loop would run the completion callbacks), and all of them at aio_flush
 * and when the image is closed.
 */
final class AioQueue {
    /** A request body: does the I/O and prints its completion to the given stream. */
    interface Request {
        void run(PrintStream out);
    }

    private final PrintStream out;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> pending = new ArrayList<>();
    /** The last submitted write: writes start in submission order, as QEMU's coroutines do. */
    private Future<?> lastWrite;
    private boolean lastWriteCooperative;
    private final CoroutineTurns turns = new CoroutineTurns();
    private final ConcurrentLinkedQueue<String> completed = new ConcurrentLinkedQueue<>();
    /** Requests submitted and not finished, except those waiting for the previous write. */
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();

    AioQueue(PrintStream out) {
        this.out = out;
    }

    /**
     * Starts a request. A write waits until the previous write has finished, so that a format
     * driver allocates in submission order (in QEMU a request runs in the submitting thread up to
     * its first I/O); reads run concurrently with everything.
     */
    void submit(Request request, boolean write) {
        submit(request, write, false);
    }

    /**
     * Starts a request; a {@code cooperative} write (a plain aio_write on a graph without
     * breakpoints) takes QEMU's coroutine turns ({@link CoroutineTurns}): this returns once it
     * has reached its first yield, and it waits only for an earlier write that is not
     * cooperative. Other writes wait until the previous write has finished.
     */
    void submit(Request request, boolean write, boolean cooperative) {
        Future<?> before = write && (!cooperative || !lastWriteCooperative) ? lastWrite : null;
        CoroutineTurns.Request turn = cooperative ? turns.newRequest() : null;
        running.incrementAndGet();
        Future<?> f = executor.submit(() -> {
            RequestTurns.install(turn);
            try {
                if (before != null && !before.isDone()) {
                    if (turn != null) {
                        turn.blocked();
                    }
                    running.decrementAndGet();
                    try {
                        before.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ExecutionException e) {
                        // the earlier write reported its own failure
                    }
                    running.incrementAndGet();
                }
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                    try {
                        request.run(ps);
                    } catch (RuntimeException e) {
                        ps.println("aio request failed: " + e);
                    }
                } finally {
                    completed.add(buf.toString(StandardCharsets.UTF_8));
                    running.decrementAndGet();
                }
            } finally {
                if (turn != null) {
                    turn.finish();
                }
                RequestTurns.install(null);
            }
        });
        pending.add(f);
        if (write) {
            lastWrite = f;
            lastWriteCooperative = cooperative;
        }
        if (turn != null) {
            turns.awaitFirstYield(turn);
        }
    }

    /** The event loop runs (any command but an aio submission): paused requests go on. */
    void poll() {
        turns.poll();
    }

    /**
     * Starts the I/O of a synchronous write or writev command on the session's thread. A plain
     * write ({@code cooperative}) while aio requests are outstanding takes turns with them like
     * qemu-io's request coroutine: it runs the event loop only from its first yield on. Anything
     * else runs the event loop first. Returns what {@link #endSynchronous} needs.
     */
    CoroutineTurns.Request beginSynchronous(boolean cooperative) {
        pending.removeIf(Future::isDone);
        if (!cooperative || pending.isEmpty()) {
            poll();
            return null;
        }
        CoroutineTurns.Request r = turns.newRequest(true);
        RequestTurns.install(r);
        return r;
    }

    /** Ends what {@link #beginSynchronous} started. */
    void endSynchronous(CoroutineTurns.Request r) {
        if (r != null) {
            r.finish();
            RequestTurns.install(null);
        }
    }

    /**
     * Waits until every outstanding request has completed, is one of the {@code suspended}
     * requests stopped at a blkdebug breakpoint (the count is read again while waiting), or still
     * waits for the previous write to finish. A request blocked inside a driver behind a suspended
     * one never settles; after 10 s of that the wait gives up rather than hang the tool.
     */
    void settle(java.util.function.IntSupplier suspended) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (running.get() <= suspended.getAsInt()) {
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Prints the reports of the requests that have completed so far. */
    void printCompleted() {
        String s;
        while ((s = completed.poll()) != null) {
            out.print(s);
        }
        pending.removeIf(Future::isDone);
    }

    /** Waits for every outstanding request and prints the reports (aio_flush, close). */
    void drain() {
        poll();
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                out.println("aio request failed: " + e.getCause());
            }
        }
        pending.clear();
        printCompleted();
        out.flush();
    }
}
