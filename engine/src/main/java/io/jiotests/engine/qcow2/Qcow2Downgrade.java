package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.util.List;

/**
 * qemu-img amend -o compat=0.10: turns a version 3 image into a version 2 one, as QEMU 7.2 does.
 *
 * <p>Refused (with QEMU's messages) when the image cannot be expressed in version 2: a refcount
 * width other than 16 bits, an external data file, incompatible features other than the dirty
 * bit and the compression type, or zstd compression with compressed clusters in the active
 * layer. Otherwise the dirty bit is cleared first (caches written), compatible and autoclear
 * features are dropped, zstd falls back to zlib, and every zero cluster is rewritten because
 * version 2 has no zero flag:
 * <ul>
 *   <li>a zero cluster without a host cluster becomes unallocated when there is no backing file
 *       (it then reads as zeroes), else a newly allocated cluster filled with zeroes (its
 *       refcount raised to the L2 table's refcount when the table is shared);</li>
 *   <li>a zero cluster with a host cluster keeps it and has it filled with zeroes.</li>
 * </ul>
 * The active L2 tables are changed through the L2 cache; the cache is then written and emptied,
 * and the snapshots' L1 tables are walked with their L2 tables read and written directly (tables
 * the active L1 shares were already expanded and stay unchanged). Finally the header is rewritten
 * as version 2 (72-byte header, no feature name table).
 */
final class Qcow2Downgrade {
    private final Qcow2State s;
    private final Qcow2ClusterMap map;
    private final Qcow2AmendProgress progress;
    /** L1 entries of the active table and every snapshot's, and how many were walked. */
    private long l1Entries;
    private long visitedL1Entries;

    Qcow2Downgrade(Qcow2State s, Qcow2ClusterMap map, Qcow2AmendProgress progress) {
        this.s = s;
        this.map = map;
        this.progress = progress;
    }

    /** qcow2_downgrade to version 2; the caller rewrites nothing else afterwards. */
    void run() throws BlockException {
        Qcow2Header h = s.header;
        if (s.refcounts.refcountOrder != 4) {
            throw new BlockException(Errno.ENOTSUP, "compat=0.10 requires refcount_bits=16");
        }
        if (s.hasDataFile() || h.hasDataFile()) {
            throw new BlockException(Errno.ENOTSUP, "Cannot downgrade an image with a data file");
        }
        if ((h.incompatibleFeatures & Qcow2Header.INCOMPAT_DIRTY) != 0 || s.dirtyMarked) {
            markClean();
        }
        long blocking = h.incompatibleFeatures & ~Qcow2Header.INCOMPAT_COMPRESSION;
        if (blocking != 0) {
            throw new BlockException(Errno.ENOTSUP, String.format(
                    "Cannot downgrade an image with incompatible features %#x set", blocking));
        }
        if (h.compressionType == Qcow2Header.COMPRESSION_ZSTD) {
            if (hasCompressedClusters()) {
                throw new BlockException(Errno.EINVAL, "Cannot downgrade an image with zstd "
                        + "compression type and existing compressed clusters");
            }
            h.compressionType = Qcow2Header.COMPRESSION_ZLIB;
            h.incompatibleFeatures &= ~Qcow2Header.INCOMPAT_COMPRESSION;
        }
        h.compatibleFeatures = 0;
        h.autoclearFeatures = 0;
        s.lazyRefcounts = false;

        expandZeroClusters();

        int oldVersion = s.qcowVersion;
        s.qcowVersion = 2;
        h.version = 2;
        try {
            writeHeader();
        } catch (BlockException e) {
            s.qcowVersion = oldVersion;
            h.version = oldVersion;
            throw new BlockException(e.errno(), "Failed to update the image header: "
                    + e.errno().text());
        }
    }

    /** qcow2_mark_clean: metadata to disk, then the dirty bit cleared in the header. */
    private void markClean() throws BlockException {
        s.l2Cache.flush();
        s.refblockCache.flush();
        s.file.flush();
        s.header.incompatibleFeatures &= ~Qcow2Header.INCOMPAT_DIRTY;
        s.dirtyMarked = false;
        writeHeader();
    }

    /** Whether a guest cluster of the active layer is compressed. */
    private boolean hasCompressedClusters() throws BlockException {
        long offset = 0;
        while (offset < s.size) {
            Qcow2ClusterMap.Mapping m = map.lookup(offset, s.size - offset);
            if (m.type() == Qcow2ClusterMap.SC_COMPRESSED) {
                return true;
            }
            offset += m.bytes();
        }
        return false;
    }

    /** qcow2_expand_zero_clusters over the active L1 table, then every snapshot's. */
    private void expandZeroClusters() throws BlockException {
        try {
            List<Qcow2Snapshots.Snapshot> snapshots = Qcow2Snapshots.read(s);
            l1Entries = s.l1Size;
            for (Qcow2Snapshots.Snapshot sn : snapshots) {
                l1Entries += Integer.toUnsignedLong(sn.l1Size());
            }
            expandInL1(s.l1Table, s.l1Size, true);
            s.refblockCache.flush();
            s.l2Cache.flush();
            s.l2Cache.clear();
            for (Qcow2Snapshots.Snapshot sn : snapshots) {
                if (Integer.toUnsignedLong(sn.l1Size()) > Qcow2State.MAX_L1_SIZE) {
                    throw new BlockException(Errno.EFBIG, Errno.EFBIG.text());
                }
                long[] l1 = new long[sn.l1Size()];
                byte[] raw = Qcow2Io.read(s.file, sn.l1TableOffset(), sn.l1Size() * 8);
                for (int i = 0; i < l1.length; i++) {
                    l1[i] = Qcow2Io.be64(raw, i * 8);
                }
                expandInL1(l1, l1.length, false);
            }
        } catch (BlockException e) {
            throw new BlockException(e.errno(), "Failed to turn zero into data clusters: "
                    + e.errno().text());
        }
    }

    private void expandInL1(long[] l1, int l1Size, boolean active) throws BlockException {
        int entries = s.l2Size;
        for (int i = 0; i < l1Size; i++) {
            long l2Offset = l1[i] & Qcow2State.L1E_OFFSET_MASK;
            if (l2Offset == 0) {
                progress.report(++visitedL1Entries, l1Entries);
                continue;
            }
            if (s.offsetIntoCluster(l2Offset) != 0) {
                throw s.corrupt(String.format("L2 table offset %#x unaligned (L1 index: %#x)",
                        l2Offset, (long) i));
            }
            long l2Refcount = s.refcounts.get(l2Offset >>> s.clusterBits);
            byte[] table = active ? s.l2Cache.get(l2Offset) : Qcow2Io.read(s.file, l2Offset, s.clusterSize);
            boolean dirty = false;
            for (int j = 0; j < entries; j++) {
                long entry = map.entry(table, j);
                int type = map.clusterType(entry);
                if (type != Qcow2ClusterMap.C_ZERO_PLAIN && type != Qcow2ClusterMap.C_ZERO_ALLOC) {
                    continue;
                }
                long offset;
                if (type == Qcow2ClusterMap.C_ZERO_PLAIN) {
                    if (s.backing == null) {
                        map.setEntry(table, j, 0);
                        dirty = true;
                        continue;
                    }
                    offset = s.refcounts.allocClusters(s.clusterSize);
                    if (l2Refcount > 1) {
                        shareNewCluster(offset, l2Refcount);
                    }
                } else {
                    offset = entry & Qcow2State.L2E_OFFSET_MASK;
                    if (s.offsetIntoCluster(offset) != 0) {
                        throw s.corrupt(String.format("Cluster allocation offset %#x unaligned "
                                + "(L2 offset: %#x, L2 index: %#x)", offset, l2Offset, (long) j));
                    }
                }
                s.file.pwriteZeroes(offset, s.clusterSize, 0);
                map.setEntry(table, j, l2Refcount == 1 ? offset | Qcow2State.OFLAG_COPIED : offset);
                dirty = true;
            }
            if (dirty) {
                if (active) {
                    s.l2Cache.markDirty(l2Offset, table);
                } else {
                    Qcow2Io.write(s.file, l2Offset, table);
                }
            }
            progress.report(++visitedL1Entries, l1Entries);
        }
    }

    /** A new cluster in a shared L2 table gets the table's refcount (it has 1). */
    private void shareNewCluster(long offset, long l2Refcount) throws BlockException {
        try {
            s.refcounts.update(offset, s.clusterSize, l2Refcount - 1, false,
                    Qcow2Refcounts.DiscardType.OTHER);
        } catch (Qcow2Refcounts.RetryAllocation e) {
            throw new BlockException(Errno.EIO, Errno.EIO.text());
        } catch (BlockException e) {
            s.refcounts.free(offset, s.clusterSize, Qcow2Refcounts.DiscardType.OTHER);
            throw e;
        }
    }

    private void writeHeader() throws BlockException {
        s.header.size = s.size;
        s.header.l1Size = s.l1Size;
        s.header.l1TableOffset = s.l1TableOffset;
        s.header.refcountTableOffset = s.refcounts.tableOffset;
        s.header.refcountTableClusters = (int) ((long) s.refcounts.tableSize * 8 / s.clusterSize);
        Qcow2Io.write(s.file, 0, s.header.serialize());
    }
}
