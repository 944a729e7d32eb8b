package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;

/**
 * Zero writes and discards. Zero writes use zero flags (v3) or zero subcluster bits (extended L2),
 * deallocating when allowed; v2 images without a backing file deallocate instead; everything else
 * falls back to writing zero buffers, in requests of at most 16 MiB, as QEMU's block layer does.
 * Discards drop whole clusters only: they read back as zeroes on v3 (or fall through to the
 * backing file on v2).
 */
final class Qcow2Zero {
    private static final int MAX_BOUNCE_BUFFER = 16 << 20;

    private final Qcow2State s;
    private final Qcow2ClusterMap map;
    private final Qcow2Writer writer;

    Qcow2Zero(Qcow2State s, Qcow2ClusterMap map, Qcow2Writer writer) {
        this.s = s;
        this.map = map;
        this.writer = writer;
    }

    private long imageEnd() {
        return (s.size + 511) & ~511L;
    }

    /** The block layer's write-zeroes loop around the driver's zero operation. */
    void writeZeroes(long offset, long bytes, int flags) throws BlockException {
        int align = s.subclusterSize;
        long head = offset % align;
        long tail = (offset + bytes) % align;
        byte[] zeroes = null;
        while (bytes > 0) {
            long num = bytes;
            if (head != 0) {
                num = Math.min(Math.min(bytes, MAX_BOUNCE_BUFFER), align - head);
                head = (head + num) % align;
            } else if (tail != 0 && num > align) {
                num -= tail;
            }
            boolean done = zeroRange(offset, num, flags);
            if (!done) {
                if ((flags & BlockNode.WRITE_NO_FALLBACK) != 0) {
                    throw new BlockException(io.jiotests.engine.block.Errno.ENOTSUP);
                }
                num = Math.min(num, MAX_BOUNCE_BUFFER);
                if (zeroes == null || zeroes.length < num) {
                    zeroes = new byte[(int) num];
                }
                writer.write(offset, zeroes, 0, (int) num);
            }
            offset += num;
            bytes -= num;
        }
    }

    /** qcow2_co_pwrite_zeroes; false means "not supported here" (write zero buffers). */
    private boolean zeroRange(long offset, long bytes, int flags) throws BlockException {
        long head = offset % s.subclusterSize;
        long tail = Qcow2Writer.roundUp(offset + bytes, s.subclusterSize) - (offset + bytes);
        if (offset + bytes == imageEnd()) {
            tail = 0;
        }
        if (head != 0 || tail != 0) {
            if (!(isZero(offset - head, head) && isZero(offset + bytes, tail))) {
                return false;
            }
            offset -= head;
            bytes = s.subclusterSize;
            Qcow2ClusterMap.Mapping m = map.lookup(offset, s.subclusterSize);
            int t = m.type();
            if (t != Qcow2ClusterMap.SC_UNALLOCATED_PLAIN && t != Qcow2ClusterMap.SC_UNALLOCATED_ALLOC
                    && t != Qcow2ClusterMap.SC_ZERO_PLAIN && t != Qcow2ClusterMap.SC_ZERO_ALLOC) {
                return false;
            }
        }
        return zeroize(offset, bytes, flags);
    }

    /** Whether the guest range reads as zeroes according to allocation data alone. */
    boolean isZero(long offset, long bytes) throws BlockException {
        while (bytes > 0) {
            Qcow2ClusterMap.Mapping m = map.lookup(offset, bytes);
            long n = Math.min(m.bytes(), bytes);
            switch (m.type()) {
                case Qcow2ClusterMap.SC_ZERO_PLAIN, Qcow2ClusterMap.SC_ZERO_ALLOC -> {
                }
                case Qcow2ClusterMap.SC_UNALLOCATED_PLAIN, Qcow2ClusterMap.SC_UNALLOCATED_ALLOC -> {
                    if (s.backing != null && !backingIsZero(offset, n)) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
            offset += n;
            bytes -= n;
        }
        return true;
    }

    private boolean backingIsZero(long offset, long bytes) throws BlockException {
        BlockNode b = s.backing;
        long blen = b.length();
        while (bytes > 0 && offset < blen) {
            long n = Math.min(bytes, blen - offset);
            BlockStatus st = b.blockStatus(offset, n, false);
            if (!st.isZero() && (st.isAllocated() || st.isData() || b.backing() == null)) {
                if (!st.isZero()) {
                    return false;
                }
            }
            if (!st.isZero() && !st.isAllocated() && b.backing() != null) {
                return false;
            }
            long got = Math.max(1, Math.min(st.bytes(), n));
            offset += got;
            bytes -= got;
        }
        return true;
    }

    /** qcow2_subcluster_zeroize: false if zero clusters cannot be used (v2 with backing). */
    private boolean zeroize(long offset, long bytes, int flags) throws BlockException {
        long end = offset + bytes;
        if (s.qcowVersion < 3) {
            if (s.backing == null) {
                discard(offset, bytes, Qcow2Refcounts.DiscardType.REQUEST, true);
                return true;
            }
            return false;
        }
        long head = Math.min(end, Qcow2Writer.roundUp(offset, s.clusterSize)) - offset;
        offset += head;
        long tail = end >= imageEnd() ? 0 : end - Math.max(offset, s.startOfCluster(end));
        end -= tail;
        s.refcounts.cacheDiscards = true;
        try {
            if (head != 0) {
                if (!zeroSubclusters(offset - head, (int) ((head + s.subclusterSize - 1)
                        >>> s.subclusterBits))) {
                    return false;
                }
            }
            long n = end > offset ? s.sizeToClusters(end - offset) : 0;
            while (n > 0) {
                long cleared = zeroInL2(offset, n, flags);
                n -= cleared;
                offset += cleared * s.clusterSize;
            }
            if (tail != 0) {
                if (!zeroSubclusters(end, (int) ((tail + s.subclusterSize - 1)
                        >>> s.subclusterBits))) {
                    return false;
                }
            }
        } finally {
            s.refcounts.processDiscards();
        }
        return true;
    }

    private boolean zeroSubclusters(long offset, int count) throws BlockException {
        Qcow2ClusterMap.L2Ref ref = map.clusterTable(offset);
        byte[] t = ref.table();
        long e = map.entry(t, ref.index());
        if (map.clusterType(e) == Qcow2ClusterMap.C_COMPRESSED) {
            return false;
        }
        int sc = (int) (s.offsetIntoCluster(offset) >>> s.subclusterBits);
        long old = map.bitmap(t, ref.index());
        long range = Qcow2Writer.subRange(sc, sc + count);
        long bm = (old | (range << 32)) & ~range;
        if (bm != old) {
            map.setBitmap(t, ref.index(), bm);
            s.l2Cache.markDirty(ref.offset(), t);
        }
        return true;
    }

    private long zeroInL2(long offset, long n, int flags) throws BlockException {
        Qcow2ClusterMap.L2Ref ref = map.clusterTable(offset);
        byte[] t = ref.table();
        int nb = (int) Math.min(n, s.l2Size - ref.index());
        for (int i = 0; i < nb; i++) {
            int idx = ref.index() + i;
            long old = map.entry(t, idx);
            long oldBm = map.bitmap(t, idx);
            int ct = map.clusterType(old);
            boolean unmap = ct == Qcow2ClusterMap.C_COMPRESSED
                    || ((flags & BlockNode.WRITE_MAY_UNMAP) != 0
                    && Qcow2ClusterMap.isAllocatedCluster(ct));
            long ne = unmap ? 0 : old;
            long nbm = oldBm;
            if (s.extendedL2) {
                nbm = Qcow2ClusterMap.BITMAP_ALL_ZEROES;
            } else {
                ne |= Qcow2State.OFLAG_ZERO;
            }
            if (old == ne && oldBm == nbm) {
                continue;
            }
            map.setEntry(t, idx, ne);
            map.setBitmap(t, idx, nbm);
            s.l2Cache.markDirty(ref.offset(), t);
            if (unmap) {
                writer.freeAnyCluster(old, Qcow2Refcounts.DiscardType.REQUEST);
            }
        }
        return nb;
    }

    /** The block layer's discard loop: only whole clusters (or the image's last one) go down. */
    void discardRequest(long offset, long bytes) throws BlockException {
        int align = s.clusterSize;
        long head = offset % align;
        long tail = (offset + bytes) % align;
        while (bytes > 0) {
            long num = bytes;
            if (head != 0) {
                num = Math.min(bytes, align - head);
                head = (head + num) % align;
            } else if (tail != 0 && num > align) {
                num -= tail;
            }
            long maxDiscard = (Integer.MAX_VALUE & ~511L) / align * align;
            num = Math.min(num, maxDiscard);
            // v2 has no zero flag: discarding would expose the backing file's data
            boolean supported = s.qcowVersion >= 3 || s.backing == null;
            if (supported && ((offset | num) % align == 0
                    || (offset % align == 0 && offset + num == imageEnd()))) {
                discard(offset, num, Qcow2Refcounts.DiscardType.REQUEST, false);
            }
            offset += num;
            bytes -= num;
        }
    }

    /** qcow2_cluster_discard. */
    void discard(long offset, long bytes, Qcow2Refcounts.DiscardType type, boolean full)
            throws BlockException {
        long n = s.sizeToClusters(bytes);
        s.refcounts.cacheDiscards = true;
        try {
            while (n > 0) {
                long cleared = discardInL2(offset, n, type, full);
                n -= cleared;
                offset += cleared * s.clusterSize;
            }
        } finally {
            s.refcounts.processDiscards();
        }
    }

    private long discardInL2(long offset, long n, Qcow2Refcounts.DiscardType type, boolean full)
            throws BlockException {
        Qcow2ClusterMap.L2Ref ref = map.clusterTable(offset);
        byte[] t = ref.table();
        int nb = (int) Math.min(n, s.l2Size - ref.index());
        for (int i = 0; i < nb; i++) {
            int idx = ref.index() + i;
            long old = map.entry(t, idx);
            long oldBm = map.bitmap(t, idx);
            int ct = map.clusterType(old);
            long ne = old;
            long nbm = oldBm;
            if (full) {
                ne = 0;
                nbm = 0;
            } else if (s.backing != null || Qcow2ClusterMap.isAllocatedCluster(ct)) {
                if (s.extendedL2) {
                    ne = 0;
                    nbm = Qcow2ClusterMap.BITMAP_ALL_ZEROES;
                } else {
                    ne = s.qcowVersion >= 3 ? Qcow2State.OFLAG_ZERO : 0;
                }
            }
            if (old == ne && oldBm == nbm) {
                continue;
            }
            map.setEntry(t, idx, ne);
            map.setBitmap(t, idx, nbm);
            s.l2Cache.markDirty(ref.offset(), t);
            writer.freeAnyCluster(old, type);
        }
        return nb;
    }
}
