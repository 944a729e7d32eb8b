package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.Preallocation;

/**
 * Shrinking the virtual disk, in QEMU's order so that the result is byte-identical and a crash at
 * any point leaves an image that check -r all repairs without losing data below the new end:
 * <ol>
 * <li>every cluster from the new end (rounded up to a cluster) to the old end is fully discarded
 * (L2 entries cleared, then the references dropped; the refcount cache depends on the L2 cache);
 * <li>the L1 entries past the new size are zeroed on disk, then the L2 tables they pointed to are
 * freed. The L1 table keeps its size and place (the header's l1_size is not reduced);
 * <li>refcount blocks that no longer count anything but (possibly) themselves are removed: the
 * reduced refcount table is written first, then their own references are dropped;
 * <li>the file is cut after the last cluster that still has a reference;
 * <li>the new size is written to the header.
 * </ol>
 */
final class Qcow2Shrink {
    private final Qcow2State s;
    private final Qcow2Zero zero;

    Qcow2Shrink(Qcow2State s, Qcow2Zero zero) {
        this.s = s;
        this.zero = zero;
    }

    void shrink(long newSize, Preallocation prealloc) throws BlockException {
        if (newSize % 512 != 0) {
            throw new BlockException(Errno.EINVAL, "The new size must be a multiple of 512");
        }
        if (prealloc != Preallocation.OFF) {
            throw new BlockException(Errno.EINVAL,
                    "Preallocation can't be used for shrinking an image");
        }
        long oldLength = (s.size + 511) & ~511L;
        long cut = Qcow2Writer.roundUp(newSize, s.clusterSize);
        if (cut < oldLength) {
            try {
                zero.discard(cut, oldLength - cut, Qcow2Refcounts.DiscardType.ALWAYS, true);
            } catch (BlockException e) {
                throw BlockException.withErrno(e.errno(), "Failed to discard cropped clusters");
            }
        }
        try {
            shrinkL1(s.l1EntriesFor(newSize));
        } catch (BlockException e) {
            throw BlockException.withErrno(e.errno(), "Failed to reduce the number of L2 tables");
        }
        try {
            dropUnusedRefcountBlocks();
        } catch (BlockException e) {
            throw BlockException.withErrno(e.errno(), "Failed to discard unused refblocks");
        }
        s.l2Cache.flush();
        s.refblockCache.flush();
        cutFileTail();
        s.size = newSize;
        s.header.size = newSize;
        byte[] b = new byte[8];
        Qcow2Io.putBe64(b, 0, newSize);
        Qcow2Io.write(s.file, 24, b);
    }

    /** Zeroes the L1 entries from {@code newL1Size} on (on disk first), then frees their L2 tables. */
    private void shrinkL1(long newL1Size) throws BlockException {
        if (newL1Size >= s.l1Size) {
            return;
        }
        int from = (int) newL1Size;
        // dirty L2 tables about to be freed are dropped from the cache unwritten, as QEMU does
        Qcow2Io.write(s.file, s.l1TableOffset + 8L * from, new byte[(s.l1Size - from) * 8]);
        s.file.flush();
        for (int i = s.l1Size - 1; i >= from; i--) {
            long l2 = s.l1Table[i] & Qcow2State.L1E_OFFSET_MASK;
            if (l2 == 0) {
                continue;
            }
            s.refcounts.free(l2, s.clusterSize, Qcow2Refcounts.DiscardType.ALWAYS);
            s.l1Table[i] = 0;
        }
    }

    /**
     * Removes refcount blocks whose entries are all zero, except the one for the block itself
     * when it covers its own cluster. The table on disk loses them before they are freed.
     */
    private void dropUnusedRefcountBlocks() throws BlockException {
        Qcow2Refcounts rc = s.refcounts;
        long[] kept = new long[rc.tableSize];
        for (int i = 0; i < rc.tableSize; i++) {
            long blockOffset = rc.table[i] & Qcow2State.REFT_OFFSET_MASK;
            if (blockOffset == 0) {
                continue;
            }
            if (s.offsetIntoCluster(blockOffset) != 0) {
                throw s.corrupt(String.format(
                        "Refblock offset %#x unaligned (reftable index: %#x)", blockOffset, i));
            }
            byte[] block = s.refblockCache.get(blockOffset);
            int ownIndex = -1;
            if ((blockOffset >>> (s.clusterBits + rc.refcountBlockBits)) == i) {
                ownIndex = (int) ((blockOffset >>> s.clusterBits) & (rc.refcountBlockSize - 1));
            }
            kept[i] = countsNothingElse(block, ownIndex) ? 0 : rc.table[i];
        }
        byte[] raw = new byte[rc.tableSize * 8];
        for (int i = 0; i < rc.tableSize; i++) {
            Qcow2Io.putBe64(raw, i * 8, kept[i]);
        }
        Qcow2Io.write(s.file, rc.tableOffset, raw);
        s.file.flush();
        rc.cacheDiscards = true;
        try {
            for (int i = 0; i < rc.tableSize; i++) {
                if (rc.table[i] != 0 && kept[i] == 0) {
                    dropRefcountBlock(rc.table[i] & Qcow2State.REFT_OFFSET_MASK);
                    rc.table[i] = 0;
                }
            }
        } finally {
            rc.updateMaxIndex();
            rc.processDiscards();
        }
    }

    private boolean countsNothingElse(byte[] block, int ownIndex) {
        Qcow2Refcounts rc = s.refcounts;
        for (int j = 0; j < rc.refcountBlockSize; j++) {
            if (j != ownIndex && Qcow2Refcounts.getEntry(block, j, rc.refcountOrder) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Clears the reference of a removed refcount block (kept in whichever block counts it). */
    private void dropRefcountBlock(long blockOffset) throws BlockException {
        Qcow2Refcounts rc = s.refcounts;
        long cluster = blockOffset >>> s.clusterBits;
        long ti = cluster >>> rc.refcountBlockBits;
        long counting = ti < rc.tableSize ? rc.table[(int) ti] & Qcow2State.REFT_OFFSET_MASK : 0;
        if (counting == 0) {
            throw s.corrupt(String.format("Refcount block %#x is not counted by any refcount block",
                    blockOffset));
        }
        byte[] block = s.refblockCache.get(counting);
        int index = (int) (cluster & (rc.refcountBlockSize - 1));
        long refcount = Qcow2Refcounts.getEntry(block, index, rc.refcountOrder);
        if (refcount != 1) {
            throw s.corrupt("Invalid refcount: " + Long.toUnsignedString(refcount));
        }
        Qcow2Refcounts.setEntry(block, index, rc.refcountOrder, 0);
        s.refblockCache.markDirty(counting, block);
        if (cluster < rc.freeClusterIndex) {
            rc.freeClusterIndex = cluster;
        }
        if (s.refblockCache.contains(blockOffset)) {
            s.refblockCache.discard(blockOffset);
        }
        rc.queueDiscard(blockOffset, s.clusterSize);
    }

    /** Truncates the file after the last cluster with a reference (qcow2_get_last_cluster). */
    private void cutFileTail() throws BlockException {
        long fileSize = s.file.length();
        long last = s.sizeToClusters(fileSize) - 1;
        while (last >= 0 && s.refcounts.get(last) == 0) {
            last--;
        }
        if (last < 0) {
            throw s.corrupt("There are no references in the refcount table.");
        }
        long end = (last + 1) * s.clusterSize;
        if (end < fileSize) {
            try {
                s.file.truncate(end, false, Preallocation.OFF);
            } catch (BlockException e) {
                // the tool's stderr (the opener's message sink), not the process's: under the tool
                // daemon System.err is the daemon's log
                (s.messages != null ? s.messages : System.err).println(
                        "warning: Failed to truncate the tail of the image: " + e.getMessage());
            }
        }
    }
}
