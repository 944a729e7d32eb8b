package io.jiotests.engine.qcow2;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Guest reads and (uncompressed) writes of a qcow2 node, run concurrently. The metadata (L1, the
 * L2 and refcount caches, cluster allocation) is changed only under {@link Qcow2State#meta}, which
 * is never held across data I/O; the data itself is ordered by the guest cluster ranges in flight
 * ({@link Qcow2InFlight}): reads and writes into clusters that are already allocated (and not
 * shared) share their range, a write that allocates or copies clusters holds its range alone from
 * the mapping lookup until its new clusters are linked into the L2 table.
 */
final class Qcow2DataPath {
    private final Qcow2State s;
    private final Qcow2ClusterMap map;
    private final Qcow2Reader reader;
    private final Qcow2Writer writer;
    private final Qcow2InFlight inFlight;

    Qcow2DataPath(Qcow2State s, Qcow2ClusterMap map, Qcow2Reader reader, Qcow2Writer writer) {
        this.s = s;
        this.map = map;
        this.reader = reader;
        this.writer = writer;
        this.inFlight = new Qcow2InFlight(s.clusterBits, s.meta);
    }

    /** Reads guest {@code [offset, offset + len)} into {@code dst[pos..]}. */
    void read(long offset, byte[] dst, int pos, int len) throws BlockException {
        if (len == 0) {
            return;
        }
        Qcow2InFlight.Range r = inFlight.acquire(offset, len, false);
        try {
            reader.read(offset, dst, pos, len);
        } finally {
            inFlight.release(r);
        }
    }

    /** Reads into {@code dst} from its position to its limit (neither is changed). */
    void read(long offset, ByteBuffer dst) throws BlockException {
        if (!dst.hasRemaining()) {
            return;
        }
        Qcow2InFlight.Range r = inFlight.acquire(offset, dst.remaining(), false);
        try {
            reader.read(offset, dst);
        } finally {
            inFlight.release(r);
        }
    }

    /**
     * Writes the bytes between {@code src}'s position and limit (neither is changed) at guest
     * {@code offset}: straight into the host clusters if all of them are allocated and owned by
     * the active L2 table alone, else through the allocating write path with the range held
     * exclusively.
     */
    void write(long offset, ByteBuffer src) throws BlockException {
        write(offset, src, null);
    }

    /**
     * The same; {@code onReserved} (if any) runs once every host cluster of the request is
     * found or allocated, before the data is written (see block.WriteOrder).
     */
    void write(long offset, ByteBuffer src, Runnable onReserved) throws BlockException {
        int n = src.remaining();
        if (n == 0) {
            s.meta.lock();
            try {
                markDirtyIfLazy();
            } finally {
                s.meta.unlock();
            }
            return;
        }
        Qcow2InFlight.Range r = null;
        try {
            long[] runs;
            s.meta.lock(); // once per request: a preempted holder stalls every other request
            try {
                r = inFlight.acquire(offset, n, false);
                markDirtyIfLazy();
                s.bitmaps.markDirty(offset, n);
                // qemu-io's aio writes taking QEMU's coroutine turns look their clusters up step
                // by step in the allocating path, as QEMU does (the lookup is where they yield)
                runs = io.jiotests.engine.block.RequestTurns.current() == null
                        ? allocatedRuns(offset, n) : null;
            } finally {
                s.meta.unlock();
            }
            if (runs != null) {
                if (onReserved != null) {
                    onReserved.run();
                }
                int pos = src.position();
                for (int i = 0; i < runs.length; i += 2) {
                    int len = (int) runs[i + 1];
                    s.file.debugEvent(BlkdebugEvent.WRITE_AIO);
                    if (s.crypto != null) {
                        byte[] enc = new byte[len];
                        src.get(pos, enc);
                        s.crypto.encrypt(runs[i], offset + (pos - src.position()), enc, 0, len);
                        s.dataFile.pwrite(runs[i], ByteBuffer.wrap(enc), 0);
                    } else {
                        s.dataFile.pwrite(runs[i], src.slice(pos, len), 0);
                    }
                    pos += len;
                }
                return;
            }
        } finally {
            if (r != null) {
                inFlight.release(r);
            }
        }
        r = inFlight.acquire(offset, n, true);
        try {
            writer.write(offset, src, onReserved);
        } finally {
            inFlight.release(r);
        }
    }

    /** A request that goes straight to one host run: where, and the guest range it holds. */
    record InPlace(long hostOffset, Qcow2InFlight.Range range) {
    }

    /**
     * For an asynchronous request: when guest {@code [offset, offset + n)} is one host run of
     * normal clusters owned by the active L2 table alone (a write there changes no metadata but
     * the lazy-refcounts dirty flag and the dirty bitmaps, updated here), holds the guest range
     * shared, as a synchronous request does while it runs, and returns the run. Null, holding
     * nothing, otherwise (encryption, allocation, copy on write, zero or compressed clusters,
     * backing data: the synchronous path's cases). {@link #release} ends the hold.
     */
    InPlace inPlace(long offset, int n, boolean write) throws BlockException {
        if (s.crypto != null || n <= 0) {
            return null;
        }
        s.meta.lock();
        try {
            Qcow2InFlight.Range r = inFlight.acquire(offset, n, false);
            long[] runs = allocatedRuns(offset, n);
            if (runs == null || runs.length != 2) {
                inFlight.release(r);
                return null;
            }
            if (write) {
                markDirtyIfLazy();
                s.bitmaps.markDirty(offset, n);
            }
            return new InPlace(runs[0], r);
        } finally {
            s.meta.unlock();
        }
    }

    /** Ends the hold of an {@link #inPlace} request. */
    void release(InPlace p) {
        inFlight.release(p.range());
    }

    /**
     * The host runs {host offset, bytes, ...} of guest {@code [offset, offset + n)} when every
     * byte of it is in a normal (sub)cluster whose L2 entry has the COPIED flag (refcount 1): a
     * write there changes no metadata. Null otherwise. Runs under the metadata lock.
     */
    private long[] allocatedRuns(long offset, int n) throws BlockException {
        List<Long> runs = new ArrayList<>(2);
        long remaining = n;
        while (remaining > 0) {
            long inCluster = s.clusterSize - s.offsetIntoCluster(offset);
            Qcow2ClusterMap.Mapping m = map.lookup(offset, Math.min(remaining, inCluster));
            if (m.type() != Qcow2ClusterMap.SC_NORMAL
                    || (m.l2Entry() & Qcow2State.OFLAG_COPIED) == 0
                    || (m.l2Entry() & Qcow2State.L2E_OFFSET_MASK) == 0
                    || m.bytes() < Math.min(remaining, inCluster)) {
                return null;
            }
            long len = m.bytes();
            int last = runs.size() - 2;
            if (last >= 0 && runs.get(last) + runs.get(last + 1) == m.hostOffset()
                    && runs.get(last + 1) + len <= Integer.MAX_VALUE) {
                runs.set(last + 1, runs.get(last + 1) + len);
            } else {
                runs.add(m.hostOffset());
                runs.add(len);
            }
            offset += len;
            remaining -= len;
        }
        long[] out = new long[runs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = runs.get(i);
        }
        return out;
    }

    /** QEMU's metadata preallocation heuristic, evaluated at the first block status query. */
    private Boolean metadataPrealloc;

    /** The status of guest {@code [offset, offset + bytes)} on a node of {@code length} bytes. */
    BlockStatus blockStatus(long offset, long bytes, long length) throws BlockException {
        s.meta.lock();
        try {
            Qcow2ClusterMap.Mapping m = map.lookup(offset, Math.min(bytes, Integer.MAX_VALUE));
            int st = 0;
            long mapOffset = 0;
            BlockNode f = null;
            int t = m.type();
            if ((t == Qcow2ClusterMap.SC_NORMAL || t == Qcow2ClusterMap.SC_ZERO_ALLOC
                    || t == Qcow2ClusterMap.SC_UNALLOCATED_ALLOC) && s.crypto == null) {
                st |= BlockStatus.OFFSET_VALID;
                mapOffset = m.hostOffset();
                f = s.dataFile;
            }
            if (t == Qcow2ClusterMap.SC_ZERO_PLAIN || t == Qcow2ClusterMap.SC_ZERO_ALLOC) {
                st |= BlockStatus.ZERO | BlockStatus.ALLOCATED;
            } else if (t != Qcow2ClusterMap.SC_UNALLOCATED_PLAIN
                    && t != Qcow2ClusterMap.SC_UNALLOCATED_ALLOC) {
                st |= BlockStatus.DATA | BlockStatus.ALLOCATED;
            }
            if (metadataPrealloc == null) {
                metadataPrealloc = Qcow2MetadataPrealloc.detect(s);
            }
            if (metadataPrealloc && t == Qcow2ClusterMap.SC_NORMAL && (st & BlockStatus.DATA) != 0
                    && s.crypto == null) {
                st |= BlockStatus.RECURSE; // the file layer tells whether the cluster reads as zeroes
            }
            long n = Math.min(m.bytes(), bytes);
            if (offset + n >= length) {
                st |= BlockStatus.EOF;
            }
            return new BlockStatus(st, n, mapOffset, f);
        } finally {
            s.meta.unlock();
        }
    }

    /**
     * Lazy refcounts: the first write marks the image dirty on disk (flushing the refcounts it
     * will stop maintaining first). Runs under the metadata lock.
     */
    void markDirtyIfLazy() throws BlockException {
        if (s.lazyRefcounts && !s.dirtyMarked && s.qcowVersion >= 3) {
            s.refblockCache.flush();
            s.file.flush();
            s.header.incompatibleFeatures |= Qcow2Header.INCOMPAT_DIRTY;
            byte[] b = new byte[8];
            Qcow2Io.putBe64(b, 0, s.header.incompatibleFeatures);
            Qcow2Io.write(s.file, 72, b);
            s.file.flush();
            s.dirtyMarked = true;
        }
    }
}
