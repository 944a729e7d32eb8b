package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.AsyncRequests;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.file.HugePageBuffers;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * qemu-img bench's request queue: {@code count} reads or writes of one buffer size at
 * {@code offset + i * step} (wrapping at the end of the image), {@code depth} of them in flight at
 * once on as many threads (a request out of the image fails with EIO), with a flush after every {@code flushInterval} requests (in-flight
 * requests complete first, as qemu-img bench drains before it flushes).
 */
final class BenchQueue {
    /** Buffers in flight at most (depth is capped so that depth * buffer size stays below this). */
    private static final long MAX_BUFFER_BYTES = 64L << 20;
    private static final int MAX_THREADS = 256;

    private final BlockNode node;
    private final boolean write;
    private final int pattern;
    private final int bufSize;
    private final long offset;
    private final long step;
    private final long size;

    BenchQueue(BlockNode node, boolean write, int pattern, int bufSize, long offset, long step, long size) {
        this.node = node;
        this.write = write;
        this.pattern = pattern;
        this.bufSize = bufSize;
        this.offset = offset;
        this.step = step;
        this.size = size;
    }

    /** The position of request {@code i}: the offset, then advancing by the step modulo the size. */
    long position(long i) {
        long linear;
        try {
            linear = Math.addExact(offset, Math.multiplyExact(i, step));
        } catch (ArithmeticException e) {
            linear = -1;
        }
        if (i == 0 || size <= 0) {
            return linear;
        }
        if (linear >= 0) {
            return linear % size;
        }
        return BigInteger.valueOf(offset).add(BigInteger.valueOf(i).multiply(BigInteger.valueOf(step)))
                .mod(BigInteger.valueOf(size)).longValue();
    }

    private boolean inBounds(long pos) {
        return pos >= 0 && pos + bufSize <= size;
    }

    /**
     * Runs the requests and returns the nanoseconds they took; throws the error of the first
     * failing one ("Failed request: ..."), after the requests before it completed. As in qemu-img
     * bench, the buffers (filled with the pattern for writes) and the request threads are ready
     * before the clock starts.
     */
    long run(long count, long depth, long flushInterval) throws ImgError, BlockException {
        long limit = count;
        int threads = (int) Math.max(1, Math.min(Math.min(depth, MAX_THREADS),
                Math.min(limit, MAX_BUFFER_BYTES / Math.max(1, bufSize))));
        // under O_DIRECT the requests go through the node's asynchronous queue when it has one
        // (io_uring), from this thread as qemu-img bench's main loop; else on depth threads
        AsyncRequests aio = threads > 1 ? node.openAsync(threads) : null;
        ThreadPoolExecutor pool = threads > 1 && aio == null ? new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "bench-request");
                    t.setDaemon(true);
                    return t;
                }) : null;
        try {
            List<ByteBuffer> buffers = new ArrayList<>();
            byte[] fill = new byte[bufSize];
            Arrays.fill(fill, (byte) pattern);
            for (ByteBuffer b : HugePageBuffers.allocate(threads, bufSize)) {
                if (write) {
                    b.put(0, fill);
                }
                buffers.add(b);
            }
            if (pool != null) {
                pool.prestartAllCoreThreads();
            }
            long start = System.nanoTime();
            long segment = flushInterval > 0 ? flushInterval : Math.max(1, limit);
            for (long from = 0; from < limit; from += segment) {
                long end = Math.min(limit, from + segment);
                if (aio != null) {
                    runSegmentAsync(aio, buffers, from, end);
                } else {
                    runSegment(pool, buffers, from, end);
                }
                if (flushInterval > 0 && end - from == flushInterval) {
                    failed(node::flush);
                }
            }
            return System.nanoTime() - start;
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            if (aio != null) {
                aio.close();
            }
        }
    }

    /**
     * The requests of one segment through an asynchronous queue: as many queued as there are
     * free buffers, submitted together, and each completion's buffer reused for the next request.
     * A request the queue declines is made synchronously here. After a failure no more requests
     * are queued; those in flight complete first.
     */
    private void runSegmentAsync(AsyncRequests aio, List<ByteBuffer> buffers, long start, long end)
            throws ImgError {
        int slots = Math.min(buffers.size(), aio.capacity());
        int[] free = new int[slots];
        int nFree = slots;
        for (int i = 0; i < slots; i++) {
            free[i] = slots - 1 - i;
        }
        int[] tags = new int[slots];
        int[] results = new int[slots];
        int inFlight = 0;
        long next = start;
        BlockException failure = null;
        boolean interrupted = false;
        while (true) {
            // a cancelled command (the tool daemon interrupts it) queues nothing more
            interrupted |= Thread.currentThread().isInterrupted();
            while (failure == null && !interrupted && nFree > 0 && next < end) {
                long pos = position(next++);
                int slot = free[--nFree];
                ByteBuffer b = buffers.get(slot).clear();
                try {
                    checkInBounds(pos);
                    if (aio.queue(pos, b, write, slot)) {
                        inFlight++;
                        continue;
                    }
                    request(pos, b);
                } catch (BlockException e) {
                    failure = e;
                }
                free[nFree++] = slot;
            }
            if (inFlight == 0) {
                break;
            }
            int n;
            try {
                n = aio.submitAndWait(tags, results);
            } catch (BlockException e) {
                failure = failure != null ? failure : e;
                break; // what is still in flight is waited for when the queue closes
            }
            for (int k = 0; k < n; k++) {
                inFlight--;
                free[nFree++] = tags[k];
                if (failure == null && results[k] < 0) {
                    failure = new BlockException(Errno.of(-results[k]));
                } else if (failure == null && results[k] != bufSize) {
                    failure = new BlockException(Errno.ENOSPC);
                }
            }
        }
        if (failure != null) {
            throw ImgError.report("Failed request: " + failure.errno().text());
        }
        if (interrupted) {
            throw ImgError.report("Failed request: Interrupted system call");
        }
    }

    private void runSegment(ExecutorService pool, List<ByteBuffer> buffers, long start, long end)
            throws ImgError {
        AtomicLong next = new AtomicLong(start);
        AtomicReference<BlockException> failure = new AtomicReference<>();
        if (pool == null) {
            worker(buffers.get(0), next, end, failure);
        } else {
            List<Future<?>> running = new ArrayList<>();
            for (ByteBuffer b : buffers) {
                running.add(pool.submit(new Worker(b, next, end, failure)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ImgError.report("Failed request: Interrupted system call");
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure.get() != null) {
            throw ImgError.report("Failed request: " + failure.get().errno().text());
        }
    }

    /** One request thread's loop (a class rather than a lambda: no call-site linking while the clock runs). */
    private final class Worker implements Runnable {
        private final ByteBuffer buf;
        private final AtomicLong next;
        private final long end;
        private final AtomicReference<BlockException> failure;

        Worker(ByteBuffer buf, AtomicLong next, long end, AtomicReference<BlockException> failure) {
            this.buf = buf;
            this.next = next;
            this.end = end;
            this.failure = failure;
        }

        @Override
        public void run() {
            worker(buf, next, end, failure);
        }
    }

    private void worker(ByteBuffer buf, AtomicLong next, long end, AtomicReference<BlockException> failure) {
        long i;
        while (failure.get() == null && (i = next.getAndIncrement()) < end) {
            long pos = position(i);
            buf.clear();
            try {
                checkInBounds(pos);
                request(pos, buf);
            } catch (BlockException e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    /** A request out of the image fails with EIO, as qemu-img bench's does. */
    private void checkInBounds(long pos) throws BlockException {
        if (!inBounds(pos)) {
            throw new BlockException(Errno.EIO);
        }
    }

    /** One synchronous read into, or write from, {@code buf} at {@code pos}. */
    private void request(long pos, ByteBuffer buf) throws BlockException {
        if (write) {
            node.pwrite(pos, buf, 0);
        } else {
            node.pread(pos, buf);
        }
    }

    @FunctionalInterface
    private interface Io {
        void run() throws BlockException;
    }

    private static void failed(Io io) throws ImgError {
        try {
            io.run();
        } catch (BlockException e) {
            throw ImgError.report("Failed request: " + e.errno().text());
        }
    }
}
