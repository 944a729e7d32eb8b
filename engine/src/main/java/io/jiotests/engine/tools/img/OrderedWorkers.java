package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request loop of qemu-img convert's coroutines ({@code -m N}, {@code -W}) on virtual
 * threads: each worker claims the next job in order (one at a time, under a lock), prepares it
 * on its own (the read, in parallel with the others) and then commits it (the write). Without
 * out-of-order mode a job commits only after its predecessor has, so the target sees its writes
 * in the order of the jobs, whatever order the reads finish in; with it, writes go as soon as
 * they are ready.
 *
 * <p>A failure stops the claiming; in order, it is raised at its job's turn (jobs before it
 * still commit, as with a single worker), so the error reported does not depend on scheduling.
 *
 * @param <J> a job
 */
final class OrderedWorkers<J> {
    /** Hands out the jobs in order; called under the lock. Null: no more jobs. */
    interface Claimer<J> {
        J next() throws BlockException;
    }

    /** What a worker does with a job. */
    interface Work<J> {
        /** Runs in parallel with other jobs' preparation and commits (the buffer is the worker's own). */
        void prepare(J job, ByteBuffer buf) throws BlockException;

        /** Runs in job order unless out of order. */
        void commit(J job, ByteBuffer buf) throws BlockException;
    }

    private final int workers;
    private final boolean inOrder;
    private final int bufferSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    private long nextSeq;
    private long committed;
    private boolean ended;
    private Throwable failure;

    OrderedWorkers(int workers, boolean inOrder, int bufferSize) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers: " + workers);
        }
        this.workers = workers;
        this.inOrder = inOrder;
        this.bufferSize = bufferSize;
    }

    /** Runs all jobs; rethrows the failure that stopped them. */
    void run(Claimer<J> claimer, Work<J> work) throws BlockException {
        if (workers == 1) {
            loop(claimer, work);
        } else {
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < workers; i++) {
                    ex.execute(() -> loop(claimer, work));
                }
            }
        }
        Throwable f = failure;
        if (f == null) {
            return;
        }
        if (f instanceof BlockException be) {
            throw be;
        }
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        throw new BlockException(Errno.EIO, Errno.EIO.text(), f);
    }

    private void loop(Claimer<J> claimer, Work<J> work) {
        ByteBuffer buf = null;
        while (true) {
            J job = null;
            long seq;
            Throwable err = null;
            lock.lock();
            try {
                if (ended || failure != null) {
                    return;
                }
                seq = nextSeq;
                try {
                    job = claimer.next();
                } catch (Throwable t) {
                    err = t;
                }
                if (job == null && err == null) {
                    ended = true;
                    return;
                }
                nextSeq++;
                if (err != null) {
                    ended = true; // nothing after a failed claim is claimed
                }
            } finally {
                lock.unlock();
            }
            if (err == null) {
                try {
                    if (buf == null) {
                        buf = ReadAhead.alignedBuffer((bufferSize + 4095) & ~4095).slice(0, bufferSize);
                    }
                    buf.clear();
                    work.prepare(job, buf);
                } catch (Throwable t) {
                    err = t;
                }
            }
            if (inOrder && !awaitTurn(seq)) {
                return;
            }
            if (err == null) {
                try {
                    work.commit(job, buf);
                } catch (Throwable t) {
                    err = t;
                }
            }
            lock.lock();
            try {
                if (err != null && failure == null) {
                    failure = err;
                }
                committed++;
                turn.signalAll();
            } finally {
                lock.unlock();
            }
            if (err != null) {
                return;
            }
        }
    }

    /** Waits until every job before seq has committed; false when an earlier one failed. */
    private boolean awaitTurn(long seq) {
        lock.lock();
        try {
            while (committed != seq && failure == null) {
                turn.awaitUninterruptibly();
            }
            return failure == null;
        } finally {
            lock.unlock();
        }
    }
}
