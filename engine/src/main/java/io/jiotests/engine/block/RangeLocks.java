package io.jiotests.engine.block;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises overlapping requests (QEMU's serialising tracked requests): a request holds its byte
 * range while it runs, and a request whose range overlaps one that is held waits until it is
 * released. Requests on disjoint ranges run concurrently. Safe for virtual threads (no pinning:
 * a ReentrantLock and Condition, not synchronized).
 */
public final class RangeLocks {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final List<long[]> held = new ArrayList<>();

    /** A held range; close it to let waiting requests in. */
    public final class Range implements AutoCloseable {
        private final long[] span;

        private Range(long[] span) {
            this.span = span;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                held.remove(span);
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until [start, end) overlaps no held range, then holds it. */
    public Range acquire(long start, long end) throws BlockException {
        long[] span = {start, end};
        lock.lock();
        try {
            while (overlaps(start, end)) {
                released.await();
            }
            held.add(span);
            return new Range(span);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlockException(Errno.ECANCELED);
        } finally {
            lock.unlock();
        }
    }

    private boolean overlaps(long start, long end) {
        for (long[] s : held) {
            if (start < s[1] && s[0] < end) {
                return true;
            }
        }
        return false;
    }
}
