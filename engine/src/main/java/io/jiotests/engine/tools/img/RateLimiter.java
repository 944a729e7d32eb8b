package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

/**
 * The {@code -r rate_limit} of qemu-img convert and commit, in bytes per second, accounted the way
 * QEMU's block layer accounts it: time is cut into 100 ms slices, each allowing {@code rate / 10}
 * bytes (at least 1). Bytes are recorded once a request is done; when the bytes recorded in the
 * current slice reach its quota, the slice is stretched to as many slices as the bytes fill, and
 * the next request waits until the stretched slice ends; then a new slice begins.
 *
 * <p>Callers: {@link #throttle()} before a request (waits while the quota is used up),
 * {@link #processed(long)} after it. The clock is injectable so the schedule can be tested
 * without sleeping.
 */
final class RateLimiter {
    /** Length of one accounting slice (QEMU's block job slice time). */
    static final long SLICE_NANOS = 100_000_000L;

    /** Time source and sleep, replaceable in tests. */
    interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        }
    };

    private final Clock clock;
    private final long sliceQuota;
    private boolean started;
    private long sliceStart;
    private long sliceEnd;
    private long dispatched;

    /** A limiter for bytesPerSecond (> 0). */
    RateLimiter(long bytesPerSecond, Clock clock) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + bytesPerSecond);
        }
        this.clock = clock;
        this.sliceQuota = Math.max(1L, (long) ((double) bytesPerSecond * SLICE_NANOS / 1_000_000_000L));
    }

    /** The limiter of a -r argument: null when it does not limit (0, qemu's default). */
    static RateLimiter forRate(long bytesPerSecond) {
        return bytesPerSecond > 0 ? new RateLimiter(bytesPerSecond, SYSTEM) : null;
    }

    long sliceQuota() {
        return sliceQuota;
    }

    /**
     * Records bytes as sent now and returns how long the next request has to wait (0 when the
     * current slice still has room).
     */
    synchronized long account(long bytes) {
        long now = clock.nanoTime();
        if (!started || sliceEnd - now < 0) {
            // the previous (possibly stretched) slice is over: a fresh one starts now
            started = true;
            sliceStart = now;
            sliceEnd = now + SLICE_NANOS;
            dispatched = 0;
        }
        dispatched += bytes;
        if (dispatched < sliceQuota) {
            return 0;
        }
        double slices = (double) dispatched / sliceQuota;
        sliceEnd = sliceStart + (long) (slices * SLICE_NANOS);
        return Math.max(0, sliceEnd - now);
    }

    /** Waits until a request may be sent. */
    void throttle() throws BlockException {
        long delay;
        while ((delay = account(0)) > 0) {
            try {
                clock.sleepNanos(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BlockException(Errno.ECANCELED, Errno.ECANCELED.text(), e);
            }
        }
    }

    /** Records a request of this many bytes as done. */
    void processed(long bytes) {
        account(bytes);
    }
}
