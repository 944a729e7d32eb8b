package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.WriteOrder;
import io.jiotests.engine.tools.img.ConvertRun.Kind;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The copy of qemu-img convert: walks the (concatenated) sources by block status, skips what the
 * target already reads as (zero-initialised target, -B backing), and writes data with -S zero
 * detection at 512-byte granularity (zero runs of at least min_sparse bytes are not written).
 * Runs are read by -m parallel workers and written in increasing offset order, so that a fresh
 * target allocates its clusters as qemu-img's does (with -W in whatever order the reads finish).
 */
final class ConvertCopier {
    static final int BUF_SIZE = 2 << 20;
    /** Cluster data in flight in the convert -c pipeline (heap: convert runs in 256 MiB). */
    private static final long PIPELINE_BYTES = 32L << 20;
    private static final int SECTOR = 512;

    private final ImgEnv env;
    private final List<BlockNode> sources;
    private final BlockNode target;
    private final long total;
    private final ImgConvert.Settings s;
    /** Read buffers: one being written, the others being filled meanwhile. */
    private static final int READ_BUFFERS = 3;
    private final int alignmentSectors;
    private boolean zeroInit;
    /** convert -c: clusters are compressed on all cores and committed in order. */
    private CompressPipeline pipeline;
    /**
     * Whether a run's data copy may overlap the next run's writes (in order, into a target this
     * convert created: allocations stay in guest order, and no write frees clusters that a later
     * one could otherwise have reused).
     */
    private final boolean overlap;
    /** -r: null when unlimited. */
    private final RateLimiter limiter;
    /** The sources' lengths, taken once when the copy starts, and reads of their data. */
    private ConvertSources in;
    /** With -B: the target's backing file length in whole sectors; -1 otherwise. */
    private long targetBackingLength = -1;

    ConvertCopier(ImgEnv env, List<BlockNode> sources, BlockNode target, long total, ImgConvert.Settings s) {
        this.env = env;
        this.sources = sources;
        this.target = target;
        this.total = total;
        this.s = s;
        int minSparseSectors = (int) (s.minSparse() / SECTOR);
        int pow2 = minSparseSectors == 0 ? 1 : Integer.highestOneBit(minSparseSectors);
        this.alignmentSectors = Math.max(pow2, Math.max(1, target.requestAlignment() / SECTOR));
        this.limiter = RateLimiter.forRate(s.rateLimit());
        this.overlap = !s.noCreate() && !s.outOfOrder() && !s.compress() && !s.progress();
    }

    /** The extent starting at a global offset: which source, its kind and length. */
    /** The target refused the zero-length compressed write that ends a compressed copy. */
    private boolean endOfStreamRefused;

    int run(String outFilename) throws BlockException, ImgError {
        in = new ConvertSources(sources);
        if (s.targetHasBacking() && target.backing() != null) {
            targetBackingLength = ImageInfoData.sectorLength(target.backing());
        }
        long targetLen = target.length();
        if (s.noCreate() && targetLen < total) {
            throw ImgError.report("output file is smaller than input file");
        }
        if (s.noCreate()) {
            zeroInit = s.targetIsZero();
        } else {
            zeroInit = !s.targetHasBacking() && target.hasZeroInit();
        }
        if (s.minSparse() == 0) {
            zeroInit = false;
        }
        Progress progress = new Progress(env.out(), s.progress(), 1.0f);
        long allocated = 0;
        if (s.progress()) {
            for (long off = 0; off < total; ) {
                ConvertRun r = compressedRun(classify(off), off, total);
                if (r.kind() == Kind.DATA || (s.minSparse() == 0 && r.kind() == Kind.ZERO)) {
                    allocated += r.bytes();
                }
                off += r.bytes();
            }
            progress.print(0);
        }
        if (s.compress()) {
            pipeline = new CompressPipeline(target, CompressPipeline.defaultThreads(), PIPELINE_BYTES);
        }
        try {
            copyAll(progress, allocated);
        } finally {
            if (pipeline != null) {
                pipeline.close();
            }
        }
        if (endOfStreamRefused) {
            return 1;
        }
        if (!s.cache().noFlush()) {
            target.flush();
        }
        if (s.progress()) {
            progress.setAbsolute(100f);
            progress.end();
        }
        return 0;
    }

    /** Whether a run's data is read and written (rather than skipped or written as zeroes). */
    private boolean copied(ConvertRun r) {
        return r.kind() == Kind.DATA || (r.kind() == Kind.ZERO && s.minSparse() == 0);
    }

    private void copyAll(Progress progress, long allocated) throws BlockException {
        if (s.compress()) {
            copyCompressed(progress, allocated);
        } else {
            copyParallel(progress, allocated);
        }
    }

    /**
     * The copy of qemu-img convert's coroutines: -m workers claim the runs in guest order, read
     * them in parallel and write them in order (or as they come with -W). -r is accounted on
     * the data writes: each waits until the rate limit lets it go.
     */
    private void copyParallel(Progress progress, long allocated) throws BlockException {
        long[] cursor = {0};
        long[] done = {0};
        OrderedWorkers<ConvertStep> workers = new OrderedWorkers<>(s.coroutines(), !s.outOfOrder(), BUF_SIZE);
        try {
            runWorkers(workers, cursor, done, progress, allocated);
        } catch (BlockException | RuntimeException e) {
            // every coroutine whose read failed reports it; the last error ends the command
            List<Throwable> all = workers.failures();
            if (all.size() > 1 && all.contains(e)) {
                Throwable last = all.get(all.size() - 1);
                for (Throwable t : all) {
                    if (t != last) {
                        env.report(t.getMessage());
                    }
                }
                if (last instanceof BlockException be) {
                    throw be;
                }
            }
            throw e;
        }
    }

    private void runWorkers(OrderedWorkers<ConvertStep> workers, long[] cursor, long[] done, Progress progress,
                            long allocated) throws BlockException {
        workers.run(() -> {
            long off = cursor[0];
            if (off >= total) {
                return null;
            }
            ConvertRun r = classify(off);
            cursor[0] = off + r.bytes();
            return new ConvertStep(off, r, null);
        }, new OrderedWorkers.Work<>() {
            @Override
            public boolean doesIo(ConvertStep step) {
                return copied(step.run()) || (step.run().kind() == Kind.ZERO && !zeroInit);
            }

            @Override
            public void prepare(ConvertStep step, ByteBuffer buf) throws BlockException {
                if (copied(step.run())) {
                    buf.limit((int) step.run().bytes());
                    in.read(step.offset(), buf);
                    buf.flip();
                    step.segments = plan(step.offset(), step.run().bytes(), buf);
                }
            }

            @Override
            public void commit(ConvertStep step, ByteBuffer buf) throws BlockException {
                commit(step, buf, null);
            }

            @Override
            public void commit(ConvertStep step, ByteBuffer buf, Runnable releaseTurn) throws BlockException {
                ConvertRun r = step.run();
                if (copied(r)) {
                    if (limiter != null) {
                        limiter.throttle();
                    }
                    writeData(step.offset(), r.bytes(), buf, step.segments, overlap ? releaseTurn : null);
                    if (limiter != null) {
                        limiter.processed(r.bytes());
                    }
                } else if (r.kind() == Kind.ZERO && !zeroInit) {
                    zeroes(step.offset(), r.bytes());
                }
                if (s.progress() && copied(r)) {
                    synchronized (done) {
                        done[0] += r.bytes();
                        progress.setAbsolute(100.0f * done[0] / allocated);
                    }
                }
            }
        });
    }

    /**
     * convert -c: a read-ahead thread walks the sources by block status and reads the runs that
     * are copied, this thread detects zeroes and hands clusters to the compression pipeline, in
     * the producer's order.
     */
    private void copyCompressed(Progress progress, long allocated) throws BlockException {
        long done = 0;
        // runs of at most one cluster: as many buffers as keep READ_BUFFERS full-size ones in flight
        int chunk = Math.min(BUF_SIZE, Math.max(target.clusterSize(), SECTOR));
        // (and the runs the producer holds back, see produce)
        int buffers = Math.max(s.coroutines() + 2, READ_BUFFERS * (BUF_SIZE / chunk));
        try (ReadAhead<ConvertStep> ahead = new ReadAhead<>(buffers, chunk, this::produce)) {
            ConvertStep step;
            while ((step = nextOrFail(ahead)) != null) {
                ConvertRun r = step.run();
                long off = step.offset();
                long n = r.bytes();
                if (step.data() != null) {
                    if (limiter != null) {
                        limiter.throttle();
                    }
                    writeData(off, n, step.data(), null, null);
                    if (limiter != null) {
                        limiter.processed(n);
                    }
                    ahead.release(step.data());
                } else if (r.kind() == Kind.ZERO && !zeroInit) {
                    zeroes(off, n);
                }
                if (s.progress() && copied(r)) {
                    done += n;
                    progress.setAbsolute(100.0f * done / allocated);
                }
            }
        }
        pipeline.drain();
        // end of the compressed stream, as qemu-img convert signals it (a zero-length compressed write);
        // a driver may refuse it (qcow v1: EINVAL), and qemu-img then exits 1 without a message
        try {
            target.pwrite(0, ByteBuffer.allocate(0), BlockNode.WRITE_COMPRESSED);
        } catch (BlockException e) {
            endOfStreamRefused = true;
        }
    }

    /**
     * The next run from the read-ahead; on a failed read, the clusters handed over before it are
     * still written (as qemu-img's earlier requests complete) and every failing read of the
     * batch is reported, the last one ending the command.
     */
    private ConvertStep nextOrFail(ReadAhead<ConvertStep> ahead) throws BlockException {
        try {
            return ahead.next();
        } catch (BlockException e) {
            Throwable[] more = e.getSuppressed();
            if (more.length > 0) {
                env.report(e.getMessage());
                for (int i = 0; i < more.length - 1; i++) {
                    env.report(more[i].getMessage());
                }
            }
            pipeline.drain();
            Throwable last = more.length == 0 ? e : more[more.length - 1];
            throw last instanceof BlockException be ? be : e;
        }
    }

    /** Zeroes a range of the target, after the compressed writes before it when compressing. */
    private void zeroes(long off, long n) throws BlockException {
        if (pipeline != null) {
            pipeline.then(() -> target.pwriteZeroes(off, n, BlockNode.WRITE_MAY_UNMAP));
        } else {
            target.pwriteZeroes(off, n, BlockNode.WRITE_MAY_UNMAP);
        }
    }

    /** The run at offset; a failing block status query gives qemu-img's "error while reading block status" error. */
    private ConvertRun classify(long offset) throws BlockException {
        try {
            ConvertRun r = classifyAt(offset);
            if (targetBackingLength >= 0) {
                // runs are split at the end of the target's backing file: past it the target
                // reads zeroes by itself, so zero runs there are left unwritten
                if (offset >= targetBackingLength) {
                    return r.kind() == Kind.ZERO ? new ConvertRun(Kind.BACKING, r.bytes()) : r;
                }
                if (offset + r.bytes() > targetBackingLength) {
                    return new ConvertRun(r.kind(), targetBackingLength - offset);
                }
            }
            return r;
        } catch (BlockException e) {
            throw new BlockException(e.errno(), "error while reading block status at offset " + offset + ": "
                    + e.errno().text(), e);
        }
    }

    private ConvertRun classifyAt(long offset) throws BlockException {
        long base = 0;
        for (int i = 0; i < sources.size(); i++) {
            BlockNode src = sources.get(i);
            long len = in.sectorLength(i);
            if (offset < base + len) {
                long local = offset - base;
                long max = len - local;
                Kind kind;
                long bytes;
                if (s.targetHasBacking()) {
                    long a = ChainStatus.allocatedAbove(src, src.backing(), local, max);
                    if (a < 0) {
                        // unallocated in the source's own layers: left to the target's backing,
                        // unless it reads as zeroes (a source without a backing file, or past
                        // its backing file's end), which the target must then write
                        BlockStatus st = ChainStatus.status(src, local, -a, true);
                        if (st.isZero() && st.bytes() > 0) {
                            return new ConvertRun(Kind.ZERO, limit(local, Math.min(-a, st.bytes()), Kind.ZERO));
                        }
                        return new ConvertRun(Kind.BACKING, limit(local, -a, Kind.BACKING));
                    }
                    BlockStatus st = ChainStatus.status(src, local, a, true);
                    kind = st.isZero() ? Kind.ZERO : Kind.DATA;
                    bytes = Math.max(1, Math.min(a, st.bytes()));
                } else {
                    ChainStatus.Extent e = ChainStatus.above(src, local, max);
                    kind = e.zero() ? Kind.ZERO : e.data() ? Kind.DATA : Kind.ZERO;
                    if (!e.zero() && !e.data()) {
                        kind = Kind.ZERO;
                    }
                    bytes = Math.max(1, e.bytes());
                }
                return new ConvertRun(kind, limit(local, bytes, kind));
            }
            base += len;
        }
        throw new IllegalStateException("offset beyond the sources");
    }

    /**
     * Compressed output is written in whole clusters, as qemu-img convert does: a run shorter than
     * a cluster makes the whole cluster (or the rest of the image) data, a longer one is cut down
     * to whole clusters.
     */
    private ConvertRun compressedRun(ConvertRun r, long off, long total) {
        if (!s.compress()) {
            return r;
        }
        long cluster = Math.max(target.clusterSize(), SECTOR);
        if (r.bytes() < cluster) {
            return new ConvertRun(Kind.DATA, Math.min(cluster, total - off));
        }
        return new ConvertRun(r.kind(), r.bytes() / cluster * cluster);
    }

    /** Data chunks are at most one buffer and end on the alignment where possible. */
    private long limit(long local, long bytes, Kind kind) {
        if (kind != Kind.DATA && !(kind == Kind.ZERO && s.minSparse() == 0)) {
            return bytes;
        }
        // compressed output is read one cluster at a time, as qemu-img does (a failing read names its cluster)
        long n = Math.min(bytes, s.compress() ? Math.max(target.clusterSize(), SECTOR) : BUF_SIZE);
        long align = (long) alignmentSectors * SECTOR;
        long end = local + n;
        if (align > 1 && n < bytes) {
            long down = end / align * align;
            if (down > local) {
                n = down - local;
            }
        }
        return n;
    }


    /**
     * The read-ahead thread: classifies every run and reads those that are copied. The runs reach
     * the writer as qemu-img's -m coroutines write them when a read fails at once (an injected
     * error): the first batch (the runs the coroutines claim before any read completes) only once
     * all of its reads succeeded, later runs once the read {@code -m - 2} runs further on did, so a
     * failing read leaves in the target what qemu-img leaves; every failing read of the first
     * batch is reported (the first failure is thrown, the others are suppressed in it, in order).
     */
    private void produce(ReadAhead<ConvertStep> sink) throws BlockException, InterruptedException {
        int workers = s.coroutines();
        int delay = Math.max(0, workers - 2);
        java.util.ArrayDeque<ConvertStep> held = new java.util.ArrayDeque<>();
        boolean firstBatch = true;
        int yielded = 0;
        long firstBatchCommitted = 0;
        BlockException failed = null;
        long seq = 0;
        for (long off = 0; off < total; seq++) {
            ConvertRun r;
            try {
                r = compressedRun(classify(off), off, total);
            } catch (BlockException e) {
                if (failed == null) {
                    throw e;
                }
                failed.addSuppressed(e);
                break;
            }
            boolean inFirstBatch = firstBatch;
            if (firstBatch) {
                boolean io = copied(r) || (r.kind() == Kind.ZERO && !zeroInit);
                if (io || (!s.outOfOrder() && seq != firstBatchCommitted)) {
                    firstBatch = ++yielded < workers;
                } else {
                    firstBatchCommitted = seq + 1;
                }
            }
            long n = r.bytes();
            ByteBuffer data = null;
            if (copied(r)) {
                data = sink.buffer();
                data.limit((int) n);
                try {
                    in.read(off, data);
                    data.flip();
                } catch (BlockException e) {
                    if (!inFirstBatch) {
                        throw e; // the held runs are not written
                    }
                    if (failed == null) {
                        failed = e;
                    } else {
                        failed.addSuppressed(e);
                    }
                }
            }
            off += n;
            if (failed != null) {
                if (!firstBatch) {
                    break;
                }
                continue;
            }
            held.add(new ConvertStep(off - n, r, data));
            if (!firstBatch) {
                while (held.size() > delay) {
                    sink.emit(held.poll());
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        while (!held.isEmpty()) {
            sink.emit(held.poll());
        }
    }

    /**
     * Writes a run's data (split by -S zero detection). {@code releaseTurn}, when given, lets the
     * next run's writes start as soon as the target has allocated the space of this run's last
     * write (block.WriteOrder), so that data copies overlap while allocations stay in order.
     */
    private void writeData(long offset, long n, ByteBuffer buf, int[] planned, Runnable releaseTurn)
            throws BlockException {
        if (s.compress()) {
            writeCompressed(offset, (int) n, buf);
            return;
        }
        if (s.minSparse() == 0) {
            buf.position(0).limit((int) n);
            writeLast(offset, buf, releaseTurn);
            return;
        }
        int[] segments = planned != null ? planned : plan(offset, n, buf);
        for (int i = 0; i < segments.length; i += 3) {
            int start = segments[i];
            int len = segments[i + 1];
            if (segments[i + 2] != 0) {
                ByteBuffer part = buf.slice(start, len);
                if (i + 3 == segments.length) {
                    writeLast(offset + start, part, releaseTurn);
                } else {
                    target.pwrite(offset + start, part, 0);
                }
            } else if (!zeroInit) {
                target.pwriteZeroes(offset + start, len, BlockNode.WRITE_MAY_UNMAP);
            }
        }
    }

    /** A run's last write, which may hand the turn on once its space is allocated. */
    private void writeLast(long offset, ByteBuffer data, Runnable releaseTurn) throws BlockException {
        if (releaseTurn == null) {
            target.pwrite(offset, data, 0);
            return;
        }
        WriteOrder.expect(target, releaseTurn);
        try {
            target.pwrite(offset, data, 0);
        } finally {
            WriteOrder.clear();
        }
    }

    /** -S zero detection of a run's data (ZeroDetect.plan); null when every byte is written as it is. */
    private int[] plan(long offset, long n, ByteBuffer buf) {
        if (s.compress() || s.minSparse() == 0) {
            return null;
        }
        int sectors = (int) ((n + SECTOR - 1) / SECTOR);
        if (n % SECTOR == 0 && ZeroDetect.surelyAllData(buf, sectors, (int) (s.minSparse() / SECTOR))) {
            return new int[] {0, (int) n, 1};
        }
        return ZeroDetect.plan(buf, offset, n, s.minSparse(), alignmentSectors);
    }

    private void writeCompressed(long offset, int n, ByteBuffer buf) throws BlockException {
        int cluster = Math.max(target.clusterSize(), SECTOR);
        for (int pos = 0; pos < n; pos += cluster) {
            int len = Math.min(cluster, n - pos);
            ByteBuffer part = buf.slice(pos, len);
            boolean allZero = ZeroDetect.zeroSectors(part, 0, (len + SECTOR - 1) / SECTOR)
                    == (len + SECTOR - 1) / SECTOR;
            if (allZero && zeroInit) {
                continue;
            }
            if (allZero) {
                zeroes(offset + pos, len);
            } else {
                // the read buffer is reused: the pipeline gets its own copy of the cluster
                pipeline.compressed(offset + pos, ByteBuffer.allocate(len).put(part).flip());
            }
        }
    }
}
