package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.util.Arrays;

/**
 * check -r all when the refcount structures themselves are broken: new refcount blocks and a new
 * refcount table are built from the reference counts check computed, in QEMU's placement (so the
 * repaired image is byte-identical to qemu-img's):
 * <ul>
 * <li>clusters are scanned in order; the first cluster with a reference in a refcount block's
 * range gets that block allocated at the first free cluster at or after the start of the range,
 * and the block (its slice of the computed counts) is written at once;
 * <li>then the table is placed at the first run of free clusters large enough; its clusters get
 * counted, so the blocks covering them are written again (which may need one more block and a
 * larger table: then the table's clusters are released and it is placed again);
 * <li>finally the table is written and the header switched to it. The old structures stay as
 * leaks that the caller repairs with the new ones.
 * </ul>
 * Nothing the old structures describe is overwritten: only clusters with no computed reference
 * are taken, so a crash leaves the old, still consistent header in place.
 */
final class Qcow2RefcountRebuild {
    private final Qcow2State s;
    private final Qcow2Refcounts rc;
    private long[] refs;
    private long nbClusters;
    private long[] table = new long[0];

    Qcow2RefcountRebuild(Qcow2State s, long[] refs, long nbClusters) {
        this.s = s;
        this.rc = s.refcounts;
        this.refs = refs;
        this.nbClusters = nbClusters;
    }

    long[] refs() {
        return refs;
    }

    long nbClusters() {
        return nbClusters;
    }

    void run() throws BlockException {
        s.refblockCache.flush();
        s.refblockCache.clear();
        boolean grown = writeRefblocks(0, nbClusters);
        if (!grown) {
            throw new BlockException(Errno.EIO, "ERROR no clusters in use");
        }
        long tableOffset;
        int tableClusters;
        do {
            tableClusters = (int) s.sizeToClusters((long) table.length * 8);
            long[] firstFree = {0};
            tableOffset = allocate(tableClusters, firstFree);
            long start = tableOffset >>> s.clusterBits;
            long end = start + tableClusters;
            grown = writeRefblocks(start, end);
            if (grown) {
                for (long c = start; c < end; c++) {
                    refs[(int) c] = 0;
                }
            }
        } while (grown);
        byte[] raw = new byte[table.length * 8];
        for (int i = 0; i < table.length; i++) {
            Qcow2Io.putBe64(raw, i * 8, table[i]);
        }
        Qcow2Io.write(s.file, tableOffset, raw);
        byte[] hdr = new byte[12];
        Qcow2Io.putBe64(hdr, 0, tableOffset);
        Qcow2Io.putBe32(hdr, 8, tableClusters);
        Qcow2Io.write(s.file, 48, hdr);
        s.file.flush();
        s.header.refcountTableOffset = tableOffset;
        s.header.refcountTableClusters = tableClusters;
        rc.table = table;
        rc.tableOffset = tableOffset;
        rc.tableSize = table.length;
        rc.updateMaxIndex();
    }

    /**
     * Writes the refcount blocks for every cluster in [first, end) that has a reference,
     * allocating the missing ones; returns whether the table had to grow.
     */
    private boolean writeRefblocks(long first, long end) throws BlockException {
        boolean grown = false;
        long[] firstFree = {0};
        for (long cluster = first; cluster < end; cluster++) {
            if (get(cluster) == 0) {
                continue;
            }
            long blockIndex = cluster >>> rc.refcountBlockBits;
            long blockStart = blockIndex << rc.refcountBlockBits;
            long blockOffset;
            if (blockIndex < table.length && table[(int) blockIndex] != 0) {
                blockOffset = table[(int) blockIndex];
            } else {
                firstFree[0] = Math.max(firstFree[0], blockStart);
                blockOffset = allocate(1, firstFree);
                long blockCluster = blockOffset >>> s.clusterBits;
                if (blockCluster >= end) {
                    end = blockCluster + 1; // the block counting this new block must be written
                }
                if (blockIndex >= table.length) {
                    long entries = Qcow2Writer.roundUp((blockIndex + 1) * 8, s.clusterSize) / 8;
                    if (entries > Qcow2State.MAX_REFTABLE_SIZE) {
                        throw new BlockException(Errno.EFBIG, "ERROR allocating reftable memory");
                    }
                    table = Arrays.copyOf(table, (int) entries);
                    grown = true;
                }
                table[(int) blockIndex] = blockOffset;
            }
            String overlap = overlappedMetadata(blockOffset);
            if (overlap != null) {
                s.corrupt("Preventing invalid write on metadata (overlaps with " + overlap + ")");
                s.dead = true;
                throw new BlockException(Errno.EIO, "ERROR writing refblock: " + Errno.EIO.text());
            }
            byte[] block = new byte[s.clusterSize];
            for (int j = 0; j < rc.refcountBlockSize; j++) {
                long v = get(blockStart + j);
                if (v != 0) {
                    Qcow2Refcounts.setEntry(block, j, rc.refcountOrder, v);
                }
            }
            Qcow2Io.write(s.file, blockOffset, block);
            cluster = blockStart + rc.refcountBlockSize - 1;
        }
        return grown;
    }

    /**
     * QEMU's metadata overlap check before a refcount block is written: the metadata the image
     * still describes (the old refcount structures included) that the cluster would overwrite,
     * the first kind in QEMU's order, or null.
     */
    private String overlappedMetadata(long offset) throws BlockException {
        if (offset < s.clusterSize) {
            return "qcow2_header";
        }
        if (overlaps(offset, s.l1TableOffset, s.l1Size * 8L)) {
            return "active L1 table";
        }
        for (int i = 0; i < s.l1Size; i++) {
            long l2 = s.l1Table[i] & Qcow2State.L1E_OFFSET_MASK;
            if (l2 != 0 && overlaps(offset, l2, s.clusterSize)) {
                return "active L2 table";
            }
        }
        if (overlaps(offset, rc.tableOffset, rc.tableSize * 8L)) {
            return "refcount table";
        }
        for (int i = 0; i < rc.tableSize; i++) {
            long block = rc.table[i] & Qcow2State.REFT_OFFSET_MASK;
            if (block != 0 && overlaps(offset, block, s.clusterSize)) {
                return "refcount block";
            }
        }
        java.util.List<Qcow2Snapshots.Snapshot> snapshots = Qcow2Snapshots.read(s);
        if (!snapshots.isEmpty()
                && overlaps(offset, s.header.snapshotsOffset, Qcow2Snapshots.tableSize(s))) {
            return "snapshot table";
        }
        for (Qcow2Snapshots.Snapshot sn : snapshots) {
            if (overlaps(offset, sn.l1TableOffset(), Integer.toUnsignedLong(sn.l1Size()) * 8)) {
                return "inactive L1 table";
            }
        }
        return null;
    }

    /** Whether the cluster at {@code offset} and the range [start, start + size) share a cluster. */
    private boolean overlaps(long offset, long start, long size) {
        if (size <= 0) {
            return false;
        }
        long first = s.startOfCluster(start);
        long last = s.startOfCluster(start + size - 1);
        return offset >= first && offset <= last;
    }

    /** alloc_clusters_imrt: the first run of {@code count} clusters without references. */
    private long allocate(int count, long[] firstFree) throws BlockException {
        long cluster = firstFree[0];
        int contiguous = 0;
        boolean firstGap = true;
        for (; cluster < nbClusters && contiguous < count; cluster++) {
            if (get(cluster) == 0) {
                contiguous++;
                if (firstGap) {
                    firstFree[0] = cluster;
                    firstGap = false;
                }
            } else {
                contiguous = 0;
            }
        }
        if (contiguous < count) {
            long needed = cluster + count - contiguous;
            if (needed >= Integer.MAX_VALUE - 8) {
                throw new BlockException(Errno.ENOMEM, "ERROR allocating refblock");
            }
            if (needed > refs.length) {
                refs = Arrays.copyOf(refs, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8,
                        refs.length * 2L)));
            }
            nbClusters = needed;
        }
        cluster -= contiguous;
        for (int i = 0; i < count; i++) {
            refs[(int) (cluster + i)] = 1;
        }
        return cluster << s.clusterBits;
    }

    private long get(long cluster) {
        return cluster < refs.length ? refs[(int) cluster] : 0;
    }
}
