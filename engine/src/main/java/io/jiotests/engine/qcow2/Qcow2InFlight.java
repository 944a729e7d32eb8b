package io.jiotests.engine.qcow2;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The guest cluster ranges of the requests in flight on one qcow2 node (QEMU's serialization of
 * allocating writes): a request that changes the mapping of its clusters (allocation, copy on
 * write) holds its range exclusively; reads and writes into clusters that are already allocated
 * share it. Requests on disjoint ranges never wait for each other. A request holds at most one
 * range at a time, so waiting cannot form a cycle.
 */
final class Qcow2InFlight {
    /** A held range of guest clusters, {@code [first, last]}. */
    static final class Range {
        final long first;
        final long last;
        final boolean exclusive;

        private Range(long first, long last, boolean exclusive) {
            this.first = first;
            this.last = last;
            this.exclusive = exclusive;
        }

        boolean conflictsWith(Range o) {
            return (exclusive || o.exclusive) && first <= o.last && o.first <= last;
        }
    }

    private final int clusterBits;
    private final ReentrantLock lock;
    private final Condition released;
    private final List<Range> active = new ArrayList<>();

    /**
     * {@code lock} guards the list (the node's metadata lock: a request takes its range and looks
     * up its mapping in one hold); waiting for a range releases it.
     */
    Qcow2InFlight(int clusterBits, ReentrantLock lock) {
        this.clusterBits = clusterBits;
        this.lock = lock;
        this.released = lock.newCondition();
    }

    /**
     * Waits until no conflicting request holds an overlapping range, then holds the clusters of
     * guest bytes {@code [offset, offset + bytes)}; {@code bytes} must be positive.
     */
    Range acquire(long offset, long bytes, boolean exclusive) {
        Range r = new Range(offset >>> clusterBits, (offset + bytes - 1) >>> clusterBits, exclusive);
        lock.lock();
        try {
            while (conflicting(r)) {
                io.jiotests.engine.block.RequestTurns turns = io.jiotests.engine.block.RequestTurns.current();
                if (turns != null) {
                    turns.blocked();
                }
                released.awaitUninterruptibly();
            }
            active.add(r);
            return r;
        } finally {
            lock.unlock();
        }
    }

    private boolean conflicting(Range r) {
        for (Range o : active) {
            if (r.conflictsWith(o)) {
                return true;
            }
        }
        return false;
    }

    void release(Range r) {
        lock.lock();
        try {
            for (int i = active.size() - 1; i >= 0; i--) {
                if (active.get(i) == r) {
                    active.remove(i);
                    break;
                }
            }
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Number of ranges held (tests). */
    int size() {
        lock.lock();
        try {
            return active.size();
        } finally {
            lock.unlock();
        }
    }
}
