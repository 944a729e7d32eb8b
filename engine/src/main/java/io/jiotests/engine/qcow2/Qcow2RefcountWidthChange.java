package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.util.Arrays;

/**
 * amend -o refcount_bits=N: converts the refcount structures to another entry width, the way
 * QEMU does so that the result is byte-identical:
 * <ol>
 * <li>the old refcounts are walked, regrouped into blocks of the new width; every new block
 * that holds a non-zero count gets a cluster from the normal allocator (so it is counted by
 * the old structures and seen by the next walk); when a walk allocated anything, a new table of
 * the needed size is allocated (the previous attempt freed) and the walk repeats, until a walk
 * allocates nothing;
 * <li>a last walk writes the new blocks, then the new table is written;
 * <li>the header is switched to the new table and width (one write);
 * <li>the old blocks and the old table are freed in the new structures.
 * </ol>
 * Until the header write the image is the old, consistent one (new clusters only leak).
 */
final class Qcow2RefcountWidthChange {
    /** Receives each complete new refcount block of a walk. */
    private interface BlockOp {
        void accept(int index, byte[] block, boolean empty) throws BlockException;
    }

    private final Qcow2State s;
    private final int newOrder;
    private final int newBits;
    private final int newBlockSize;
    private long[] newTable = new long[0];
    private boolean allocated;

    Qcow2RefcountWidthChange(Qcow2State s, int newOrder) {
        this.s = s;
        this.newOrder = newOrder;
        this.newBits = 1 << newOrder;
        this.newBlockSize = 1 << (s.clusterBits + 3 - newOrder);
    }

    void run() throws BlockException {
        long newTableOffset = 0;
        long allocatedTableSize = 0;
        boolean done = false;
        try {
            do {
                allocated = false;
                walk(this::allocateBlock, false);
                if (allocated) {
                    if (newTableOffset != 0) {
                        s.refcounts.free(newTableOffset, allocatedTableSize * 8,
                                Qcow2Refcounts.DiscardType.NEVER);
                    }
                    newTableOffset = s.refcounts.allocClusters((long) newTable.length * 8);
                    allocatedTableSize = newTable.length;
                }
            } while (allocated);
            walk(this::writeBlock, true);
            byte[] raw = new byte[newTable.length * 8];
            for (int i = 0; i < newTable.length; i++) {
                Qcow2Io.putBe64(raw, i * 8, newTable[i]);
            }
            Qcow2Io.write(s.file, newTableOffset, raw);
            s.refblockCache.flush();
            switchStructures(newTableOffset);
            done = true;
        } finally {
            if (!done) {
                // free what the failed conversion took (in the old structures)
                for (long b : newTable) {
                    if ((b & Qcow2State.REFT_OFFSET_MASK) != 0) {
                        s.refcounts.free(b & Qcow2State.REFT_OFFSET_MASK, s.clusterSize,
                                Qcow2Refcounts.DiscardType.OTHER);
                    }
                }
                if (newTableOffset > 0) {
                    s.refcounts.free(newTableOffset, (long) newTable.length * 8,
                            Qcow2Refcounts.DiscardType.OTHER);
                }
            }
        }
    }

    /** Points the header at the new table and width, then frees the old structures. */
    private void switchStructures(long newTableOffset) throws BlockException {
        Qcow2Refcounts old = s.refcounts;
        int tableClusters = (int) ((long) newTable.length * 8 / s.clusterSize);
        s.header.refcountOrder = newOrder;
        s.header.refcountTableOffset = newTableOffset;
        s.header.refcountTableClusters = tableClusters;
        s.header.size = s.size;
        s.header.l1Size = s.l1Size;
        s.header.l1TableOffset = s.l1TableOffset;
        Qcow2Io.write(s.file, 0, s.header.serialize());
        s.refblockCache.clear();
        Qcow2Refcounts fresh = new Qcow2Refcounts(s);
        fresh.table = newTable;
        fresh.tableSize = newTable.length;
        fresh.tableOffset = newTableOffset;
        fresh.updateMaxIndex();
        fresh.freeClusterIndex = old.freeClusterIndex;
        fresh.freeByteOffset = old.freeByteOffset;
        s.refcounts = fresh;
        for (int i = 0; i < old.tableSize; i++) {
            long b = old.table[i] & Qcow2State.REFT_OFFSET_MASK;
            if (b != 0) {
                fresh.free(b, s.clusterSize, Qcow2Refcounts.DiscardType.OTHER);
            }
        }
        fresh.free(old.tableOffset, (long) old.tableSize * 8, Qcow2Refcounts.DiscardType.OTHER);
    }

    /**
     * Regroups the old refcounts into new-width blocks and hands each complete one to
     * {@code op}; fails when a count does not fit the new width.
     */
    private void walk(BlockOp op, boolean fill) throws BlockException {
        Qcow2Refcounts old = s.refcounts;
        byte[] block = new byte[s.clusterSize];
        int index = 0;
        int filled = 0;
        boolean empty = true;
        for (int ti = 0; ti < old.tableSize; ti++) {
            long blockOffset = old.table[ti] & Qcow2State.REFT_OFFSET_MASK;
            if (blockOffset == 0) {
                // no block: all its counts are zero (the new block stays zero-filled)
                int remaining = old.refcountBlockSize;
                while (remaining > 0) {
                    if (filled >= newBlockSize) {
                        op.accept(index++, block, empty);
                        if (!empty) {
                            Arrays.fill(block, (byte) 0); // only non-zero counts were written
                        }
                        filled = 0;
                        empty = true;
                    }
                    int n = Math.min(remaining, newBlockSize - filled);
                    filled += n;
                    remaining -= n;
                }
                continue;
            }
            if (s.offsetIntoCluster(blockOffset) != 0) {
                s.corrupt(String.format("Refblock offset %#x unaligned (reftable index: %#x)",
                        blockOffset, ti));
                s.dead = true;
                throw new BlockException(Errno.EIO, "Image is corrupt (unaligned refblock offset)");
            }
            // read live: blocks allocated during this walk are counted in this very block
            byte[] oldBlock = s.refblockCache.get(blockOffset);
            for (int j = 0; j < old.refcountBlockSize; j++) {
                if (filled >= newBlockSize) {
                    op.accept(index++, block, empty);
                    if (!empty) {
                        Arrays.fill(block, (byte) 0); // only non-zero counts were written
                    }
                    filled = 0;
                    empty = true;
                    oldBlock = s.refblockCache.get(blockOffset);
                }
                long refcount = Qcow2Refcounts.getEntry(oldBlock, j, old.refcountOrder);
                if (newBits < 64 && (refcount >>> newBits) != 0) {
                    long offset = (((long) ti << old.refcountBlockBits) + j) << s.clusterBits;
                    throw new BlockException(Errno.EINVAL, String.format("Cannot decrease refcount "
                            + "entry width to %d bits: Cluster at offset %#x has a refcount of %s",
                            newBits, offset, Long.toUnsignedString(refcount)));
                }
                if (fill && refcount != 0) {
                    Qcow2Refcounts.setEntry(block, filled, newOrder, refcount);
                }
                filled++;
                empty = empty && refcount == 0;
            }
        }
        if (filled > 0) {
            op.accept(index, block, empty);
        }
    }

    /** alloc_refblock: a cluster for every new block with a count, growing the table. */
    private void allocateBlock(int index, byte[] block, boolean empty) throws BlockException {
        if (empty) {
            return;
        }
        if (index >= newTable.length) {
            long size = Qcow2Writer.roundUp(index + 1L, s.clusterSize / 8);
            if (size > Qcow2State.MAX_REFTABLE_SIZE) {
                throw new BlockException(Errno.ENOTSUP, "This operation would make the refcount "
                        + "table grow beyond the maximum size supported by QEMU, aborting");
            }
            newTable = Arrays.copyOf(newTable, (int) size);
        }
        if (newTable[index] == 0) {
            try {
                newTable[index] = s.refcounts.allocClusters(s.clusterSize);
            } catch (BlockException e) {
                throw BlockException.withErrno(e.errno(), "Failed to allocate refblock");
            }
            allocated = true;
        }
    }

    /** flush_refblock: writes a complete new block where it was allocated. */
    private void writeBlock(int index, byte[] block, boolean empty) throws BlockException {
        if (index < newTable.length && newTable[index] != 0) {
            Qcow2Io.write(s.file, newTable[index], block);
        } else if (!empty) {
            throw new BlockException(Errno.EIO, "Failed to write refblock");
        }
    }
}
