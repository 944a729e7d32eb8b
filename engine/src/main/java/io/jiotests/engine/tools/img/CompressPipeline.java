package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * convert -c on all cores: the caller (reader) hands over clusters in guest order, compressor
 * threads prepare them ({@link BlockNode#prepareCompressedWrite}) in parallel, and the caller's
 * thread commits them strictly in submission order, interleaved with the other target operations
 * submitted in between. Host clusters are therefore allocated in the same order as a sequential
 * convert (qemu-img's), so the image bytes do not depend on thread scheduling.
 *
 * <p>Bounded: at most {@code maxPending} operations and {@code maxBytes} of cluster data are in
 * flight; submitting beyond that first commits the oldest.
 */
final class CompressPipeline implements AutoCloseable {
    /** A target operation committed in order. */
    interface Op {
        void run() throws BlockException;
    }

    private final BlockNode target;
    private final ExecutorService pool;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final int maxPending;
    private final long maxBytes;
    private long pendingBytes;

    private record Pending(Future<BlockNode.PreparedWrite> work, int bytes) {
    }

    CompressPipeline(BlockNode target, int threads, long maxBytes) {
        this.target = target;
        int n = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "convert-compress");
            t.setDaemon(true);
            return t;
        });
        // deep enough that the compressors keep busy while the committing thread waits for a CPU
        // (on a loaded machine that wait is tens of milliseconds: dozens of clusters)
        this.maxPending = 64 * n;
        this.maxBytes = maxBytes;
    }

    /** Compressor threads for this machine: one per core the JVM may use. */
    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Queues a compressed write of {@code data} (owned by the pipeline from now on). */
    void compressed(long offset, ByteBuffer data) throws BlockException {
        int bytes = data.remaining();
        makeRoom(bytes);
        pending.add(new Pending(pool.submit(() -> target.prepareCompressedWrite(offset, data)), bytes));
        pendingBytes += bytes;
    }

    /** Queues an operation that must happen after everything submitted so far. */
    void then(Op op) throws BlockException {
        if (pending.isEmpty()) {
            op.run();
            return;
        }
        makeRoom(0);
        pending.add(new Pending(CompletableFuture.completedFuture(op::run), 0));
    }

    /** Commits everything submitted so far. */
    void drain() throws BlockException {
        while (!pending.isEmpty()) {
            commitOldest();
        }
    }

    private void makeRoom(int bytes) throws BlockException {
        while (!pending.isEmpty() && (pending.size() >= maxPending || pendingBytes + bytes > maxBytes)) {
            commitOldest();
        }
    }

    private void commitOldest() throws BlockException {
        Pending p = pending.poll();
        pendingBytes -= p.bytes();
        BlockNode.PreparedWrite w;
        try {
            w = p.work().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BlockException be) {
                throw be;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new BlockException(Errno.EIO, Errno.EIO.text(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlockException(Errno.EIO, Errno.EIO.text(), e);
        }
        w.commit();
    }

    /** Drops what was not committed (after an error) and stops the compressor threads. */
    @Override
    public void close() {
        for (Pending p : pending) {
            p.work().cancel(false);
        }
        pending.clear();
        pool.shutdownNow();
    }
}
