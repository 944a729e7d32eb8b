package io.jiotests.engine.tools.io;

import io.jiotests.engine.block.RequestTurns;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Orders the metadata steps of qemu-io's aio writes the way QEMU's single-threaded event loop
 * does, so that concurrent allocating writes place their clusters exactly where qemu-io would.
 *
 * <p>In qemu-io each aio request is a coroutine that runs at submission until its first yield;
 * the others make progress only while a later command polls the event loop (aio_flush, a
 * synchronous command, close). A format driver's metadata steps run under its CoMutex, which
 * wakes its waiters first in, first out and hands the lock to the first of them on unlock; a
 * request that has more steps to do queues again right after unlocking (its data write runs as a
 * separate task). Here every aio write runs on its own thread but:
 * <ul>
 *   <li>{@link #submit} returns only once the new request has reached its first yield (metadata
 *       I/O inside a step, waiting for the lock or for another request, the end of its last step)
 *       or has finished;</li>
 *   <li>a request that reaches its first yield holding the lock stays there until the session
 *       polls ({@link #poll});</li>
 *   <li>the lock ({@link Request#begin} / {@link Request#end}) is a FIFO with hand-off, and a
 *       request with more steps queues again at the end of each step.</li>
 * </ul>
 * Requests that never take a step (reads, writes into allocated clusters, other drivers) simply
 * run; only their first-yield point is taken as their completion.
 *
 * <p>Not modelled: overlapping allocating writes. In QEMU (qemu-io --trace qemu_co_mutex*,
 * qcow2_*) each step's data write is a separate task that queues on the lock again to link its
 * L2 entries (a task with copy-on-write areas first takes a turn for a block-status query), and a
 * later request whose range meets a not yet linked allocation stops short of it or waits for that
 * link. The engine holds an allocating request's whole range instead, so an overlapping request
 * runs after it: its data ends up the same, its clusters may sit elsewhere.
 */
final class CoroutineTurns {
    /** How long {@link #submit} waits for a request that blocks somewhere unknown to it. */
    private static final long SUBMIT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Request> waiters = new ArrayDeque<>();
    private Request owner;
    /** Incremented by every poll of the event loop. */
    private long epoch;

    /** One aio request (a coroutine). */
    final class Request implements RequestTurns {
        private final long submitEpoch;
        /**
         * A synchronous command's request (on the session's thread): at its first yield it runs
         * the event loop instead of pausing, as qemu-io's synchronous commands do.
         */
        private final boolean pollsAtFirstYield;
        private boolean yielded;
        private boolean finished;
        /** Metadata I/O happened in this step before the first yield: pause when it ends. */
        private boolean pauseAtEnd;

        private Request(long submitEpoch, boolean pollsAtFirstYield) {
            this.submitEpoch = submitEpoch;
            this.pollsAtFirstYield = pollsAtFirstYield;
        }

        @Override
        public void begin() {
            lock.lock();
            try {
                if (owner == this) {
                    return;
                }
                if (owner == null && waiters.isEmpty()) {
                    owner = this;
                    return;
                }
                if (!waiters.contains(this)) {
                    waiters.add(this);
                }
                markYielded();
                while (owner != this) {
                    changed.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void end(boolean more) {
            lock.lock();
            try {
                if (owner != this) {
                    return;
                }
                if (!pollsAtFirstYield && (pauseAtEnd || (!more && !yielded))) {
                    // the first yield of this request: with the lock held (metadata I/O), or
                    // waiting for its data write after the last step; it stays there until the
                    // session polls the event loop. (Paused here rather than at the I/O itself,
                    // where the driver's own lock is held.)
                    pauseAtEnd = false;
                    markYielded();
                    while (epoch == submitEpoch) {
                        changed.awaitUninterruptibly();
                    }
                }
                if (more) {
                    waiters.add(this);
                }
                owner = waiters.poll();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void metadataIo() {
            lock.lock();
            try {
                if (owner == this && !yielded) {
                    pauseAtEnd = true;
                    markYielded();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void blocked() {
            lock.lock();
            try {
                markYielded();
            } finally {
                lock.unlock();
            }
        }

        /** The request is done (or failed): it leaves the lock and its queue. */
        void finish() {
            lock.lock();
            try {
                waiters.remove(this);
                if (owner == this) {
                    owner = waiters.poll();
                }
                markYielded();
                finished = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private void markYielded() {
            if (!yielded) {
                yielded = true;
                if (pollsAtFirstYield) {
                    epoch++;
                }
                changed.signalAll();
            }
        }
    }

    /** A new aio request, to be installed on its thread. */
    Request newRequest() {
        return newRequest(false);
    }

    /**
     * A new request; {@code synchronous}: a command that waits for its request on the session's
     * thread and runs the event loop from the request's first yield on.
     */
    Request newRequest(boolean synchronous) {
        lock.lock();
        try {
            return new Request(epoch, synchronous);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code r} (just started on its thread) has reached its first yield or finished.
     * A request blocked somewhere this class does not see is given up on after a while.
     */
    void awaitFirstYield(Request r) {
        long deadline = System.nanoTime() + SUBMIT_WAIT_NANOS;
        lock.lock();
        try {
            while (!r.yielded && !r.finished) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** The event loop runs: requests paused at their first yield go on. */
    void poll() {
        lock.lock();
        try {
            epoch++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
