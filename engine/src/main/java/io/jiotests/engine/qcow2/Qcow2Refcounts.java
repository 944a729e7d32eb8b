package io.jiotests.engine.qcow2;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * The refcount table and refcount blocks: reading and updating the reference count of host
 * clusters, finding free clusters (first fit from a moving hint, as QEMU does, so that images
 * come out byte-identical), adding refcount blocks (which may describe themselves) and growing
 * the refcount table.
 */
final class Qcow2Refcounts {
    /** Thrown internally when a new refcount block was added: the caller restarts its search. */
    static final class RetryAllocation extends Exception {
        private static final long serialVersionUID = 1L;

        RetryAllocation() {
            super(null, null, false, false);
        }
    }

    /** Why a cluster is freed: decides whether the file range is discarded. */
    enum DiscardType { NEVER, ALWAYS, REQUEST, SNAPSHOT, OTHER }

    private final Qcow2State s;
    final int refcountOrder;
    final int refcountBits;
    final int refcountBlockBits;
    final int refcountBlockSize;
    final long refcountMax;
    long[] table = new long[0];
    int tableSize;
    long tableOffset;
    int maxTableIndex = -1;
    long freeClusterIndex;
    /** Where the next compressed cluster data may start (qcow2_alloc_bytes), or 0. */
    long freeByteOffset;
    /** Set while compressed data takes its bytes (the one allocation that may share a cluster). */
    boolean allocatingBytes;
    /** Host ranges freed while discards are cached, to pass down afterwards. */
    final List<long[]> pendingDiscards = new ArrayList<>();
    boolean cacheDiscards;

    Qcow2Refcounts(Qcow2State s) {
        this.s = s;
        this.refcountOrder = s.header.refcountOrder;
        this.refcountBits = 1 << refcountOrder;
        this.refcountBlockBits = s.clusterBits + 3 - refcountOrder;
        this.refcountBlockSize = 1 << refcountBlockBits;
        this.refcountMax = refcountBits == 64 ? -1L : (1L << refcountBits) - 1;
    }

    /** Loads the refcount table described by the header (already validated by the caller). */
    void load(long offset, int clusters) throws BlockException {
        tableOffset = offset;
        tableSize = (int) ((long) clusters * s.clusterSize / 8);
        byte[] raw = Qcow2Io.read(s.file, offset, tableSize * 8);
        table = new long[tableSize];
        // one bulk big-endian copy: an entry-by-entry loop runs interpreted at a tool's start-up
        java.nio.ByteBuffer.wrap(raw).asLongBuffer().get(table);
        updateMaxIndex();
    }

    void updateMaxIndex() {
        int i = tableSize - 1;
        while (i >= 0 && table[i] == 0) {
            i--;
        }
        maxTableIndex = i;
    }

    static long getEntry(byte[] block, int index, int order) {
        return switch (order) {
            case 0 -> (block[index >>> 3] >>> (index & 7)) & 1;
            case 1 -> (block[index >>> 2] >>> (2 * (index & 3))) & 3;
            case 2 -> (block[index >>> 1] >>> (4 * (index & 1))) & 0xf;
            case 3 -> block[index] & 0xff;
            case 4 -> ((block[2 * index] & 0xff) << 8) | (block[2 * index + 1] & 0xff);
            case 5 -> Integer.toUnsignedLong(Qcow2Io.be32(block, 4 * index));
            default -> Qcow2Io.be64(block, 8 * index);
        };
    }

    static void setEntry(byte[] block, int index, int order, long value) {
        switch (order) {
            case 0, 1, 2 -> {
                int bits = 1 << order;
                int perByte = 8 / bits;
                int shift = bits * (index % perByte);
                int mask = ((1 << bits) - 1) << shift;
                int i = index / perByte;
                block[i] = (byte) ((block[i] & ~mask) | (((int) value << shift) & mask));
            }
            case 3 -> block[index] = (byte) value;
            case 4 -> {
                block[2 * index] = (byte) (value >>> 8);
                block[2 * index + 1] = (byte) value;
            }
            case 5 -> Qcow2Io.putBe32(block, 4 * index, (int) value);
            default -> Qcow2Io.putBe64(block, 8 * index, value);
        }
    }

    /** The refcount of host cluster {@code clusterIndex} (0 beyond the table). */
    long get(long clusterIndex) throws BlockException {
        long ti = clusterIndex >>> refcountBlockBits;
        if (ti >= tableSize) {
            return 0;
        }
        long blockOffset = table[(int) ti] & Qcow2State.REFT_OFFSET_MASK;
        if (blockOffset == 0) {
            return 0;
        }
        if (s.offsetIntoCluster(blockOffset) != 0) {
            throw s.corrupt(String.format("Refblock offset %#x unaligned (reftable index: %#x)",
                    blockOffset, ti));
        }
        byte[] block = s.refblockCache.get(blockOffset);
        return getEntry(block, (int) (clusterIndex & (refcountBlockSize - 1)), refcountOrder);
    }

    /** Finds {@code bytes} worth of free clusters from the hint on, without taking them. */
    long allocNoref(long bytes) throws BlockException {
        long n = s.sizeToClusters(bytes);
        outer:
        while (true) {
            for (long i = 0; i < n; i++) {
                long idx = freeClusterIndex++;
                if (get(idx) != 0) {
                    continue outer;
                }
            }
            break;
        }
        if (freeClusterIndex > 0
                && freeClusterIndex - 1 > (Qcow2State.MAX_CLUSTER_OFFSET >>> s.clusterBits)) {
            throw new BlockException(Errno.EFBIG, Errno.EFBIG.text());
        }
        return (freeClusterIndex - n) << s.clusterBits;
    }

    /** qcow2_alloc_clusters: allocates {@code bytes} (rounded to clusters), refcount 1. */
    long allocClusters(long bytes) throws BlockException {
        while (true) {
            long offset = allocNoref(bytes);
            try {
                update(offset, bytes, 1, false, DiscardType.NEVER);
                return offset;
            } catch (RetryAllocation again) {
                // a refcount block was placed where we looked: search again
            }
        }
    }

    /** qcow2_alloc_clusters_at: takes as many of {@code n} clusters at offset as are free. */
    long allocClustersAt(long offset, long n) throws BlockException {
        while (true) {
            long idx = offset >>> s.clusterBits;
            long i = 0;
            while (i < n && get(idx + i) == 0) {
                i++;
            }
            try {
                update(offset, i << s.clusterBits, 1, false, DiscardType.NEVER);
                return i;
            } catch (RetryAllocation again) {
                // retry with the new refcount block in place
            }
        }
    }

    /** Drops one reference from every cluster of the range. */
    void free(long offset, long bytes, DiscardType type) throws BlockException {
        try {
            update(offset, bytes, 1, true, type);
        } catch (RetryAllocation e) {
            throw new IllegalStateException("freeing clusters cannot allocate", e);
        }
    }

    /** update_refcount: adds (or with decrease subtracts) addend for each cluster of the range. */
    void update(long offset, long length, long addend, boolean decrease, DiscardType type)
            throws BlockException, RetryAllocation {
        if (length <= 0) {
            return;
        }
        if (decrease) {
            s.refblockCache.setDependency(s.l2Cache);
        }
        long start = s.startOfCluster(offset);
        long last = s.startOfCluster(offset + length - 1);
        long oldTableIndex = -1;
        long blockOffset = 0;
        byte[] block = null;
        long clusterOffset = start;
        boolean ok = false;
        try {
            for (; clusterOffset <= last; clusterOffset += s.clusterSize) {
                long clusterIndex = clusterOffset >>> s.clusterBits;
                long ti = clusterIndex >>> refcountBlockBits;
                if (ti != oldTableIndex) {
                    try {
                        blockOffset = allocRefcountBlock(clusterIndex);
                    } catch (RetryAllocation again) {
                        if (freeClusterIndex > (start >>> s.clusterBits)) {
                            freeClusterIndex = start >>> s.clusterBits;
                        }
                        throw again;
                    }
                    block = s.refblockCache.get(blockOffset);
                }
                oldTableIndex = ti;
                int bi = (int) (clusterIndex & (refcountBlockSize - 1));
                long rc = getEntry(block, bi, refcountOrder);
                long nrc = decrease ? rc - addend : rc + addend;
                boolean overflow = decrease ? Long.compareUnsigned(addend, rc) > 0
                        : Long.compareUnsigned(nrc, rc) < 0
                        || Long.compareUnsigned(nrc, refcountMax) > 0;
                if (overflow) {
                    throw new BlockException(Errno.EINVAL, Errno.EINVAL.text());
                }
                if (nrc == 0 && clusterIndex < freeClusterIndex) {
                    freeClusterIndex = clusterIndex;
                }
                setEntry(block, bi, refcountOrder, nrc);
                if (!decrease && !pendingDiscards.isEmpty()) {
                    dropPendingDiscard(clusterOffset, s.clusterSize);
                }
                s.refblockCache.markDirty(blockOffset, block);
                if (rc == 0 && !decrease && !allocatingBytes && freeByteOffset != 0
                        && s.startOfCluster(freeByteOffset) == clusterOffset) {
                    // Deliberate deviation from QEMU 7.2, which keeps packing compressed data
                    // into this cluster after it was freed and taken for other data (data
                    // corruption, or its overlap check marking the image corrupt).
                    freeByteOffset = 0;
                }
                if (nrc == 0) {
                    if (s.refblockCache.contains(clusterOffset)) {
                        s.refblockCache.discard(clusterOffset);
                        oldTableIndex = -1;
                    }
                    s.l2Cache.discard(clusterOffset);
                    if (passDiscard(type)) {
                        queueDiscard(clusterOffset, s.clusterSize);
                    }
                }
            }
            ok = true;
        } finally {
            if (!ok && clusterOffset > offset) {
                try {
                    update(offset, clusterOffset - offset, addend, !decrease, DiscardType.NEVER);
                } catch (BlockException | RetryAllocation ignored) {
                    // best effort undo, as QEMU does
                }
            }
        }
    }

    private boolean passDiscard(DiscardType type) {
        if (type == DiscardType.ALWAYS) {
            return true; // QEMU's file child has discard=unmap whatever the top node's setting
        }
        if (type == DiscardType.SNAPSHOT) {
            return s.passDiscardSnapshot; // on by default, independent of the node's discard option
        }
        if (!s.unmap) {
            return false;
        }
        return switch (type) {
            case NEVER -> false;
            case ALWAYS -> true;
            case REQUEST -> s.passDiscardRequest;
            case SNAPSHOT -> s.passDiscardSnapshot;
            case OTHER -> s.passDiscardOther;
        };
    }

    void queueDiscard(long offset, long bytes) throws BlockException {
        if (!cacheDiscards) {
            s.file.pdiscard(offset, bytes);
            return;
        }
        for (long[] d : pendingDiscards) {
            if (d[0] + d[1] == offset) {
                d[1] += bytes;
                return;
            }
            if (offset + bytes == d[0]) {
                d[0] = offset;
                d[1] += bytes;
                return;
            }
        }
        pendingDiscards.add(new long[] {offset, bytes});
    }

    /** A cluster that is in use again must not be discarded when the queue is processed. */
    private void dropPendingDiscard(long offset, long bytes) {
        List<long[]> out = new ArrayList<>();
        for (long[] d : pendingDiscards) {
            long end = d[0] + d[1];
            if (offset + bytes <= d[0] || offset >= end) {
                out.add(d);
                continue;
            }
            if (d[0] < offset) {
                out.add(new long[] {d[0], offset - d[0]});
            }
            if (offset + bytes < end) {
                out.add(new long[] {offset + bytes, end - offset - bytes});
            }
        }
        pendingDiscards.clear();
        pendingDiscards.addAll(out);
    }

    /** Passes the discards collected while {@link #cacheDiscards} was set down to the file. */
    void processDiscards() throws BlockException {
        cacheDiscards = false;
        List<long[]> list = new ArrayList<>(pendingDiscards);
        pendingDiscards.clear();
        for (long[] d : list) {
            s.file.pdiscard(d[0], d[1]);
        }
    }

    /**
     * Makes sure a refcount block covers {@code clusterIndex}; returns its offset. When it had to
     * create one, the block is written and hooked up and RetryAllocation is thrown.
     */
    long allocRefcountBlock(long clusterIndex) throws BlockException, RetryAllocation {
        long ti = clusterIndex >>> refcountBlockBits;
        if (ti < tableSize) {
            long off = table[(int) ti] & Qcow2State.REFT_OFFSET_MASK;
            if (off != 0) {
                if (s.offsetIntoCluster(off) != 0) {
                    throw s.corrupt(String.format(
                            "Refblock offset %#x unaligned (reftable index: %#x)", off, ti));
                }
                return off;
            }
        }
        s.file.debugEvent(BlkdebugEvent.REFBLOCK_ALLOC);
        long newBlock = allocNoref(s.clusterSize);
        if (newBlock == 0) {
            throw s.corrupt("Preventing invalid allocation of refcount block at offset 0");
        }
        byte[] block;
        if ((newBlock >>> (s.clusterBits + refcountBlockBits)) == ti) {
            block = s.refblockCache.getEmpty(newBlock);
            setEntry(block, (int) ((newBlock >>> s.clusterBits) & (refcountBlockSize - 1)),
                    refcountOrder, 1);
        } else {
            update(newBlock, s.clusterSize, 1, false, DiscardType.NEVER);
            s.refblockCache.flush();
            block = s.refblockCache.getEmpty(newBlock);
        }
        s.refblockCache.markDirty(newBlock, block);
        s.refblockCache.flush();
        if (ti < tableSize) {
            byte[] e = new byte[8];
            Qcow2Io.putBe64(e, 0, newBlock);
            Qcow2Io.write(s.file, tableOffset + ti * 8, e);
            table[(int) ti] = newBlock;
            maxTableIndex = (int) Math.max(maxTableIndex, ti);
            throw new RetryAllocation();
        }
        long blocksUsed = ceilDiv(Math.max(clusterIndex + 1, (newBlock >>> s.clusterBits) + 1),
                refcountBlockSize);
        long metaOffset = blocksUsed * refcountBlockSize * s.clusterSize;
        refcountArea(metaOffset, 0, false, (int) ti, newBlock);
        throw new RetryAllocation();
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * qcow2_refcount_metadata_size: clusters of refcount blocks and table needed to describe
     * {@code clusters} clusters plus themselves; sets {@code blocksOut[0]} to the block count.
     */
    static long metadataSize(long clusters, long clusterSize, int order, boolean generous,
                             long[] blocksOut) {
        long perTableCluster = clusterSize / 8;
        long perBlock = clusterSize * 8 / (1L << order);
        long tableClusters = 0;
        long blocks = 0;
        long last;
        long n = 0;
        do {
            last = n;
            blocks = ceilDiv(clusters + tableClusters + blocks, perBlock);
            tableClusters = ceilDiv(blocks, perTableCluster);
            n = clusters + blocks + tableClusters;
            if (n == last && generous) {
                clusters += ceilDiv(tableClusters, 2);
                n = 0;
                generous = false;
            }
        } while (n != last);
        if (blocksOut != null) {
            blocksOut[0] = blocks;
        }
        return (blocks + tableClusters) * clusterSize;
    }

    /**
     * qcow2_refcount_area: creates a new refcount table plus the refcount blocks that describe
     * the area starting at {@code startOffset} (which the caller guarantees to be unused), for
     * {@code additionalClusters} more clusters; returns the end of the new structures.
     */
    long refcountArea(long startOffset, long additionalClusters, boolean exactSize,
                      int newBlockIndex, long newBlockOffset) throws BlockException {
        long[] countOut = new long[1];
        metadataSize(startOffset / s.clusterSize + additionalClusters, s.clusterSize,
                refcountOrder, !exactSize, countOut);
        if (countOut[0] > Qcow2State.MAX_REFTABLE_SIZE) {
            throw new BlockException(Errno.EFBIG, Errno.EFBIG.text());
        }
        int total = (int) countOut[0];
        int areaIndex = (int) ((startOffset / s.clusterSize) / refcountBlockSize);
        int perCluster = s.clusterSize / 8;
        int newSize = exactSize ? total : total + (total + 1) / 2;
        newSize = (int) (ceilDiv(newSize, perCluster) * perCluster);
        int tableClusters = newSize / perCluster;
        if (newSize > Qcow2State.MAX_REFTABLE_SIZE) {
            throw new BlockException(Errno.EFBIG, Errno.EFBIG.text());
        }
        long[] newTable = new long[newSize];
        System.arraycopy(table, 0, newTable, 0, Math.min(newSize, maxTableIndex + 1));
        if (newBlockOffset != 0) {
            newTable[newBlockIndex] = newBlockOffset;
        }
        int additional = 0;
        for (int i = areaIndex; i < total; i++) {
            if (newTable[i] == 0) {
                additional++;
            }
        }
        long newTableOffset = startOffset + (long) additional * s.clusterSize;
        long endOffset = newTableOffset + (long) tableClusters * s.clusterSize;
        long blockOffset = startOffset;
        for (int i = areaIndex; i < total; i++) {
            byte[] block;
            long off;
            if (newTable[i] != 0) {
                off = newTable[i];
                block = s.refblockCache.get(off);
            } else {
                off = blockOffset;
                block = s.refblockCache.getEmpty(off);
                s.refblockCache.markDirty(off, block);
                newTable[i] = off;
                blockOffset += s.clusterSize;
            }
            long firstCovered = (long) i * refcountBlockSize * s.clusterSize;
            if (firstCovered < endOffset) {
                int j = firstCovered < startOffset
                        ? (int) ((startOffset - firstCovered) / s.clusterSize) : 0;
                long endIndex = Math.min((endOffset - firstCovered) / s.clusterSize,
                        refcountBlockSize);
                for (; j < endIndex; j++) {
                    setEntry(block, j, refcountOrder, 1);
                }
                s.refblockCache.markDirty(off, block);
            }
        }
        s.refblockCache.flush();
        byte[] raw = new byte[newSize * 8];
        for (int i = 0; i < newSize; i++) {
            Qcow2Io.putBe64(raw, i * 8, newTable[i]);
        }
        Qcow2Io.write(s.file, newTableOffset, raw);
        byte[] hdr = new byte[12];
        Qcow2Io.putBe64(hdr, 0, newTableOffset);
        Qcow2Io.putBe32(hdr, 8, tableClusters);
        Qcow2Io.write(s.file, 48, hdr);
        s.header.refcountTableOffset = newTableOffset;
        s.header.refcountTableClusters = tableClusters;
        long oldOffset = tableOffset;
        long oldSize = tableSize;
        table = newTable;
        tableSize = newSize;
        tableOffset = newTableOffset;
        updateMaxIndex();
        free(oldOffset, oldSize * 8, DiscardType.OTHER);
        return endOffset;
    }
}
