package io.jiotests.engine.qcow2;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * The allocating write path: finds or allocates host clusters for a guest range (keeping clusters
 * that are already exclusively owned, allocating contiguous runs first-fit otherwise), writes the
 * data together with the copy-on-write areas around it, then links the new clusters into the L2
 * table and drops the references to the clusters they replace. Refcount updates reach the disk
 * before the L2 tables that use them.
 */
final class Qcow2Writer {
    private static final long INV = -1;
    private static final long REQUEST_MAX_BYTES = Integer.MAX_VALUE & ~511L;

    /** One allocation to link into L2 after the data is written (QCowL2Meta). */
    record L2Meta(long guestClusterOffset, long allocOffset, int nbClusters, boolean keepOld,
                  long cowStartOffset, long cowStartBytes, long cowEndOffset, long cowEndBytes) {
    }

    private final Qcow2State s;
    private final Qcow2ClusterMap map;
    private final Qcow2Reader reader;

    Qcow2Writer(Qcow2State s, Qcow2ClusterMap map, Qcow2Reader reader) {
        this.s = s;
        this.map = map;
        this.reader = reader;
    }

    /**
     * Writes {@code len} bytes of {@code src} at guest {@code offset}. A request that needs
     * several host runs is handled like QEMU's parallel write tasks: every run is allocated and
     * written first, and the L2 updates (which free replaced clusters) come after all of them,
     * so that clusters freed by one run are not reused by the next run of the same request.
     */
    void write(long offset, byte[] src, int pos, int len) throws BlockException {
        write(offset, java.nio.ByteBuffer.wrap(src, pos, len));
    }

    /**
     * The same for the bytes between {@code src}'s position and limit (a direct buffer goes to the
     * file without a copy); src's position is not changed.
     */
    void write(long offset, java.nio.ByteBuffer src) throws BlockException {
        write(offset, src, null);
    }

    /**
     * The same; {@code lastReserved} (if any) runs once the host space of the request's last
     * piece is allocated, before its data is written (see block.WriteOrder).
     */
    void write(long offset, java.nio.ByteBuffer src, Runnable lastReserved) throws BlockException {
        int pos = src.position();
        long remaining = src.remaining();
        List<List<L2Meta>> pending = new ArrayList<>();
        s.metadataYield.set(() -> linkPending(pending));
        try {
            while (remaining > 0) {
                long cur = Math.min(remaining, Integer.MAX_VALUE);
                List<L2Meta> metas = new ArrayList<>();
                long[] out = null;
                // qemu-io's aio requests take turns here like QEMU's coroutines on s->lock
                io.jiotests.engine.block.RequestTurns turns = io.jiotests.engine.block.RequestTurns.current();
                if (turns != null) {
                    turns.begin();
                }
                try {
                    s.meta.lock();
                    try {
                        out = allocHostOffset(offset, cur, metas);
                    } finally {
                        s.meta.unlock();
                    }
                } finally {
                    if (turns != null) {
                        turns.end(out != null && out[1] < remaining);
                    }
                }
                long host = out[0];
                cur = out[1];
                if (lastReserved != null && cur == remaining) {
                    lastReserved.run();
                }
                // data I/O without the metadata lock: the caller holds the guest range alone
                performCow(metas);
                s.file.debugEvent(BlkdebugEvent.WRITE_AIO);
                if (s.crypto != null) {
                    byte[] enc = new byte[(int) cur];
                    src.get(pos, enc);
                    s.crypto.encrypt(host, offset, enc, 0, enc.length);
                    s.dataFile.pwrite(host, java.nio.ByteBuffer.wrap(enc), 0);
                } else {
                    s.dataFile.pwrite(host, src.slice(pos, (int) cur), 0);
                }
                pending.add(metas);
                remaining -= cur;
                offset += cur;
                pos += (int) cur;
            }
        } finally {
            s.meta.lock();
            try {
                s.metadataYield.remove();
                linkPending(pending);
            } finally {
                s.meta.unlock();
            }
        }
    }

    private void linkPending(List<List<L2Meta>> pending) throws BlockException {
        List<List<L2Meta>> batch = new ArrayList<>(pending);
        pending.clear();
        for (List<L2Meta> metas : batch) {
            for (int i = metas.size() - 1; i >= 0; i--) {
                linkL2(metas.get(i), false);
            }
        }
    }

    /** Copies the areas around the written data into the new clusters (perform_cow). */
    void performCow(List<L2Meta> metas) throws BlockException {
        // COW areas are read from the current guest content before anything changes
        List<Object[]> cows = new ArrayList<>();
        for (L2Meta m : metas) {
            if (m.cowStartBytes > 0) {
                byte[] b = new byte[(int) m.cowStartBytes];
                reader.read(m.guestClusterOffset + m.cowStartOffset, b, 0, b.length);
                cows.add(new Object[] {m.allocOffset + m.cowStartOffset, b,
                    m.guestClusterOffset + m.cowStartOffset});
            }
            if (m.cowEndBytes > 0) {
                byte[] b = new byte[(int) m.cowEndBytes];
                reader.read(m.guestClusterOffset + m.cowEndOffset, b, 0, b.length);
                cows.add(new Object[] {m.allocOffset + m.cowEndOffset, b,
                    m.guestClusterOffset + m.cowEndOffset});
            }
        }
        for (Object[] c : cows) {
            if (s.crypto != null) {
                byte[] b = (byte[]) c[1];
                s.crypto.encrypt((Long) c[0], (Long) c[2], b, 0, b.length);
            }
            Qcow2Io.write(s.dataFile, (Long) c[0], (byte[]) c[1]);
        }
    }

    /**
     * qcow2_alloc_host_offset: maps as much of [offset, offset+bytes) as possible to one
     * contiguous host range. Returns {host offset, bytes mapped}.
     */
    long[] allocHostOffset(long offset, long bytes, List<L2Meta> metas) throws BlockException {
        long start = offset;
        long remaining = bytes;
        long[] clusterOffset = {INV};
        long[] cur = {0};
        long hostOffset = INV;
        while (true) {
            if (hostOffset == INV && clusterOffset[0] != INV) {
                hostOffset = clusterOffset[0];
            }
            start += cur[0];
            remaining -= cur[0];
            if (clusterOffset[0] != INV) {
                clusterOffset[0] += cur[0];
            }
            if (remaining == 0) {
                break;
            }
            cur[0] = remaining;
            if (handleCopied(start, clusterOffset, cur, metas)) {
                continue;
            }
            if (cur[0] == 0) {
                break;
            }
            if (handleAlloc(start, clusterOffset, cur, metas)) {
                continue;
            }
            break;
        }
        return new long[] {hostOffset, bytes - remaining};
    }

    private boolean needsNewAlloc(long e) {
        int ct = map.clusterType(e);
        return switch (ct) {
            case Qcow2ClusterMap.C_NORMAL, Qcow2ClusterMap.C_ZERO_ALLOC ->
                    (e & Qcow2State.OFLAG_COPIED) == 0;
            default -> true;
        };
    }

    private int countSingleWriteClusters(int n, byte[] t, int idx, boolean newAlloc) {
        long expected = map.entry(t, idx) & Qcow2State.L2E_OFFSET_MASK;
        int i;
        for (i = 0; i < n; i++) {
            long e = map.entry(t, idx + i);
            if (needsNewAlloc(e) != newAlloc) {
                break;
            }
            if (!newAlloc) {
                if (expected != (e & Qcow2State.L2E_OFFSET_MASK)) {
                    break;
                }
                expected += s.clusterSize;
            }
        }
        return i;
    }

    private boolean handleCopied(long guest, long[] hostOffset, long[] bytes, List<L2Meta> metas)
            throws BlockException {
        int l2Index = (int) ((guest >>> s.clusterBits) & (s.l2Size - 1));
        long nb = Math.min(s.sizeToClusters(s.offsetIntoCluster(guest) + bytes[0]),
                s.l2Size - l2Index);
        Qcow2ClusterMap.L2Ref ref = map.clusterTable(guest);
        long e = map.entry(ref.table(), ref.index());
        long clusterOffset = e & Qcow2State.L2E_OFFSET_MASK;
        if (needsNewAlloc(e)) {
            return false;
        }
        if (s.offsetIntoCluster(clusterOffset) != 0) {
            throw s.corrupt(String.format("%s cluster offset %#x unaligned (guest offset: %#x)",
                    (e & Qcow2State.OFLAG_ZERO) != 0 ? "Preallocated zero" : "Data",
                    clusterOffset, guest));
        }
        if (hostOffset[0] != INV && clusterOffset != hostOffset[0]) {
            bytes[0] = 0;
            return false;
        }
        int keep = countSingleWriteClusters((int) nb, ref.table(), ref.index(), false);
        bytes[0] = Math.min(bytes[0], (long) keep * s.clusterSize - s.offsetIntoCluster(guest));
        calculateL2Meta(clusterOffset, guest, bytes[0], ref, metas, true);
        hostOffset[0] = clusterOffset + s.offsetIntoCluster(guest);
        return true;
    }

    private boolean handleAlloc(long guest, long[] hostOffset, long[] bytes, List<L2Meta> metas)
            throws BlockException {
        long nb = s.sizeToClusters(s.offsetIntoCluster(guest) + bytes[0]);
        int l2Index = (int) ((guest >>> s.clusterBits) & (s.l2Size - 1));
        nb = Math.min(nb, s.l2Size - l2Index);
        nb = Math.min(nb, REQUEST_MAX_BYTES >>> s.clusterBits);
        Qcow2ClusterMap.L2Ref ref = map.clusterTable(guest);
        int n = countSingleWriteClusters((int) nb, ref.table(), ref.index(), true);
        long alloc;
        if (s.hasDataFile()) {
            alloc = s.startOfCluster(guest);
            if (hostOffset[0] != INV && s.startOfCluster(hostOffset[0]) != alloc) {
                bytes[0] = 0;
                return false;
            }
        } else if (hostOffset[0] == INV) {
            s.file.debugEvent(BlkdebugEvent.CLUSTER_ALLOC);
            alloc = s.refcounts.allocClusters((long) n * s.clusterSize);
        } else {
            alloc = s.startOfCluster(hostOffset[0]);
            n = (int) s.refcounts.allocClustersAt(alloc, n);
            if (n == 0) {
                bytes[0] = 0;
                return false;
            }
        }
        if (alloc + ((long) n << s.clusterBits) - 1 > Qcow2State.MAX_CLUSTER_OFFSET) {
            throw new BlockException(Errno.EFBIG, Errno.EFBIG.text());
        }
        long requested = bytes[0] + s.offsetIntoCluster(guest);
        long avail = (long) n << s.clusterBits;
        long nbBytes = Math.min(requested, avail);
        hostOffset[0] = alloc + s.offsetIntoCluster(guest);
        bytes[0] = Math.min(bytes[0], nbBytes - s.offsetIntoCluster(guest));
        // the table may have been evicted by the allocation: look it up again
        ref = map.clusterTable(guest);
        calculateL2Meta(alloc, guest, bytes[0], ref, metas, false);
        return true;
    }

    private void calculateL2Meta(long hostCluster, long guest, long bytes,
                                 Qcow2ClusterMap.L2Ref ref, List<L2Meta> metas, boolean keepOld)
            throws BlockException {
        byte[] t = ref.table();
        int l2Index = ref.index();
        long cowStartTo = s.offsetIntoCluster(guest);
        long cowEndFrom = cowStartTo + bytes;
        int nb = (int) s.sizeToClusters(cowEndFrom);
        boolean skipCow = keepOld;
        for (int i = 0; i < nb; i++) {
            long e = map.entry(t, l2Index + i);
            long bm = map.bitmap(t, l2Index + i);
            int type;
            if (skipCow) {
                long writeFrom = Math.max(cowStartTo, (long) i << s.clusterBits);
                long writeTo = Math.min(cowEndFrom, (long) (i + 1) << s.clusterBits);
                int firstSc = (int) (s.offsetIntoCluster(writeFrom) >>> s.subclusterBits);
                int lastSc = (int) (s.offsetIntoCluster(writeTo - 1) >>> s.subclusterBits);
                type = map.subclusterType(e, bm, firstSc);
                int cnt = 1;
                int scs = s.extendedL2 ? 32 : 1;
                while (firstSc + cnt < scs && map.subclusterType(e, bm, firstSc + cnt) == type) {
                    cnt++;
                }
                if (type != Qcow2ClusterMap.SC_NORMAL || firstSc + cnt <= lastSc) {
                    skipCow = false;
                }
            } else {
                type = map.subclusterType(e, bm, 0);
            }
            if (type == Qcow2ClusterMap.SC_INVALID) {
                long l2Off = s.l1Table[(int) (guest >>> (s.l2Bits + s.clusterBits))]
                        & Qcow2State.L1E_OFFSET_MASK;
                throw s.corrupt(String.format(
                        "Invalid cluster entry found  (L2 offset: %#x, L2 index: %#x)", l2Off,
                        (long) (l2Index + i)));
            }
        }
        if (skipCow) {
            return;
        }
        long e = map.entry(t, l2Index);
        long bm = map.bitmap(t, l2Index);
        int sc = (int) (s.offsetIntoCluster(guest) >>> s.subclusterBits);
        int type = map.subclusterType(e, bm, sc);
        long cowStartFrom;
        if (!keepOld) {
            cowStartFrom = switch (type) {
                case Qcow2ClusterMap.SC_COMPRESSED -> 0;
                case Qcow2ClusterMap.SC_NORMAL, Qcow2ClusterMap.SC_ZERO_ALLOC,
                     Qcow2ClusterMap.SC_UNALLOCATED_ALLOC -> s.extendedL2
                        ? (long) Math.min(sc, Integer.numberOfTrailingZeros((int) bm))
                                << s.subclusterBits
                        : 0;
                default -> (long) sc << s.subclusterBits;
            };
        } else {
            cowStartFrom = type == Qcow2ClusterMap.SC_NORMAL ? cowStartTo
                    : (long) sc << s.subclusterBits;
        }
        int last = l2Index + nb - 1;
        e = map.entry(t, last);
        bm = map.bitmap(t, last);
        sc = (int) (s.offsetIntoCluster(guest + bytes - 1) >>> s.subclusterBits);
        type = map.subclusterType(e, bm, sc);
        long cowEndTo;
        if (!keepOld) {
            cowEndTo = switch (type) {
                case Qcow2ClusterMap.SC_COMPRESSED -> roundUp(cowEndFrom, s.clusterSize);
                case Qcow2ClusterMap.SC_NORMAL, Qcow2ClusterMap.SC_ZERO_ALLOC,
                     Qcow2ClusterMap.SC_UNALLOCATED_ALLOC -> {
                    long r = roundUp(cowEndFrom, s.clusterSize);
                    if (s.extendedL2) {
                        r -= (long) Math.min(32 - sc - 1,
                                Integer.numberOfLeadingZeros((int) bm)) << s.subclusterBits;
                    }
                    yield r;
                }
                default -> roundUp(cowEndFrom, s.subclusterSize);
            };
        } else {
            cowEndTo = type == Qcow2ClusterMap.SC_NORMAL ? cowEndFrom
                    : roundUp(cowEndFrom, s.subclusterSize);
        }
        metas.add(new L2Meta(s.startOfCluster(guest), hostCluster, nb, keepOld, cowStartFrom,
                cowStartTo - cowStartFrom, cowEndFrom, cowEndTo - cowEndFrom));
    }

    static long roundUp(long v, long a) {
        return (v + a - 1) / a * a;
    }

    /** qcow2_alloc_cluster_link_l2: points the L2 entries at the new clusters. */
    /** Links a preallocation: the subcluster bitmap stays as it is (nothing was written). */
    void linkPrealloc(L2Meta m) throws BlockException {
        linkL2(m, true);
    }

    private void linkL2(L2Meta m, boolean prealloc) throws BlockException {
        if (m.nbClusters == 0) {
            return;
        }
        if ((s.header.incompatibleFeatures & Qcow2Header.INCOMPAT_DIRTY) == 0) {
            // refcounts must reach the disk before the L2 entries, unless the image is marked
            // dirty (lazy refcounts): then they are repaired after a crash instead. Set before the
            // table changes, as QEMU does: resolving a dependency cycle flushes the L2 cache, and
            // it must not write the new entries ahead of their refcounts
            s.l2Cache.setDependency(s.refblockCache);
        }
        Qcow2ClusterMap.L2Ref ref = map.clusterTable(m.guestClusterOffset);
        byte[] t = ref.table();
        List<Long> old = new ArrayList<>();
        for (int i = 0; i < m.nbClusters; i++) {
            long host = m.allocOffset + ((long) i << s.clusterBits);
            int idx = ref.index() + i;
            long e = map.entry(t, idx);
            if (e != 0) {
                old.add(e);
            }
            map.setEntry(t, idx, host | Qcow2State.OFLAG_COPIED);
            if (s.extendedL2 && !prealloc) {
                long bm = map.bitmap(t, idx);
                long writtenFrom = Math.max(m.cowStartOffset, (long) i << s.clusterBits);
                long writtenTo = Math.min(m.cowEndOffset + m.cowEndBytes,
                        (long) (i + 1) << s.clusterBits);
                int first = (int) (s.offsetIntoCluster(writtenFrom) >>> s.subclusterBits);
                int lastSc = (int) (s.offsetIntoCluster(writtenTo - 1) >>> s.subclusterBits);
                long range = subRange(first, lastSc + 1);
                bm |= range;
                bm &= ~(range << 32);
                map.setBitmap(t, idx, bm);
            }
        }
        s.l2Cache.markDirty(ref.offset(), t);
        if (!m.keepOld) {
            for (long e : old) {
                freeAnyCluster(e, Qcow2Refcounts.DiscardType.NEVER);
            }
        }
    }

    /** Bits [from, to) of a 32-bit subcluster mask. */
    static long subRange(int from, int to) {
        return ((1L << to) - 1) & ~((1L << from) - 1);
    }

    /** qcow2_free_any_cluster: drops the reference an L2 entry holds. */
    void freeAnyCluster(long e, Qcow2Refcounts.DiscardType type) throws BlockException {
        int ct = map.clusterType(e);
        switch (ct) {
            case Qcow2ClusterMap.C_COMPRESSED -> {
                long coffset = e & s.clusterOffsetMask;
                long nbSectors = ((e >>> s.csizeShift) & s.csizeMask) + 1;
                long csize = nbSectors * 512 - (coffset & 511);
                s.refcounts.free(coffset, csize, type);
            }
            case Qcow2ClusterMap.C_NORMAL, Qcow2ClusterMap.C_ZERO_ALLOC -> {
                long off = e & Qcow2State.L2E_OFFSET_MASK;
                if (s.offsetIntoCluster(off) != 0) {
                    s.corrupt(String.format("Cannot free unaligned cluster %#x", off));
                } else if (s.hasDataFile()) {
                    if (s.unmap && type == Qcow2Refcounts.DiscardType.REQUEST
                            && s.passDiscardRequest) {
                        s.dataFile.pdiscard(off, s.clusterSize);
                    }
                } else {
                    s.refcounts.free(off, s.clusterSize, type);
                }
            }
            default -> {
            }
        }
    }
}
