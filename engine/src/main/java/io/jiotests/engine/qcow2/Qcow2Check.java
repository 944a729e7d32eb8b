package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.Errno;
import java.io.PrintStream;

/**
 * qemu-img check for qcow2: rebuilds the reference counts from the metadata (header, L1/L2
 * tables, snapshot tables, refcount structures), compares them with the stored refcounts
 * (leaks and errors, repaired with -r), and checks the OFLAG_COPIED flags. Problem lines are
 * QEMU's texts.
 */
final class Qcow2Check {
    private static final long L1E_RESERVED_MASK = 0x7f000000000001ffL;
    private static final long L2E_STD_RESERVED_MASK = 0x3f000000000001feL;
    private static final long REFT_RESERVED_MASK = 0x1ffL;

    private final Qcow2State s;
    private final Qcow2ClusterMap map;
    private final PrintStream out;
    private final CheckMode mode;
    private long[] refs = new long[0];
    /** Clusters the counts cover: the file's, or more when a reference reaches past its end. */
    private long nbClusters;
    private long fileLen;
    private long corruptions;
    private long leaks;
    private long checkErrors;
    private long corruptionsFixed;
    private long leaksFixed;
    private long allocated;
    private long fragmented;
    private long compressed;
    private boolean rebuild;

    Qcow2Check(Qcow2State s, Qcow2ClusterMap map, CheckMode mode, PrintStream out) {
        this.s = s;
        this.map = map;
        this.mode = mode;
        this.out = out;
    }

    private boolean fixErrors() {
        return mode == CheckMode.ALL;
    }

    private boolean fixLeaks() {
        return mode != CheckMode.NONE;
    }

    CheckResult run() throws BlockException {
        long fileClusters = s.sizeToClusters(s.file.length());
        long totalClusters = s.sizeToClusters((s.size + 511) & ~511L);
        if (fileClusters > Integer.MAX_VALUE) {
            checkErrors++;
            return result(0, totalClusters);
        }
        calculate(fileClusters);
        long preCorruptions = corruptions;
        long preLeaks = leaks;
        long highest = compare(false);
        if (rebuild && fixErrors()) {
            highest = rebuildRefcounts(fileClusters);
        } else if (mode != CheckMode.NONE) {
            if (rebuild) {
                out.println("ERROR need to rebuild refcount structures");
                checkErrors++;
                throw new BlockException(Errno.EIO, Errno.EIO.text());
            }
            if (leaks > preLeaks || corruptions > preCorruptions) {
                corruptions = preCorruptions;
                leaks = preLeaks;
                // the first pass only printed; this one repairs
                highest = compare(true);
            }
        }
        checkOflagCopied();
        s.l2Cache.flush();
        s.refblockCache.flush();
        return result(highest, totalClusters);
    }

    /** Counts every reference the metadata makes (calculate_refcounts). */
    private void calculate(long fileClusters) throws BlockException {
        refs = new long[(int) fileClusters];
        nbClusters = fileClusters;
        fileLen = s.file.length();
        inc(0, s.clusterSize);
        checkL1(s.l1TableOffset, s.l1Size, true);
        for (Qcow2Snapshots.Snapshot sn : Qcow2Snapshots.read(s)) {
            if (s.offsetIntoCluster(sn.l1TableOffset()) != 0) {
                out.printf("ERROR snapshot %s (%s) l1_offset=%#x: L1 table is not cluster aligned;"
                        + " snapshot table entry corrupted%n", sn.id(), sn.name(), sn.l1TableOffset());
                corruptions++;
                continue;
            }
            if (Integer.toUnsignedLong(sn.l1Size()) > (32L << 20) / 8) {
                out.printf("ERROR snapshot %s (%s) l1_size=%#x: L1 table is too large; snapshot"
                        + " table entry corrupted%n", sn.id(), sn.name(), sn.l1Size());
                corruptions++;
                continue;
            }
            checkL1(sn.l1TableOffset(), sn.l1Size(), false);
        }
        inc(s.header.snapshotsOffset, Qcow2Snapshots.tableSize(s));
        if (s.crypto != null && s.crypto.luksLength > 0) {
            inc(s.crypto.luksOffset, s.crypto.luksLength); // the LUKS header clusters
        }
        inc(s.refcounts.tableOffset, (long) s.refcounts.tableSize * 8);
        s.bitmaps.forEachReference(this::inc);
        checkRefblocks();
    }

    /**
     * Builds new refcount structures from the computed counts, counts again against them and
     * frees what the old structures occupied; the fixed counts are the problems that went away.
     */
    private long rebuildRefcounts(long fileClusters) throws BlockException {
        out.println("Rebuilding refcount structure");
        long oldCorruptions = corruptions;
        long oldLeaks = leaks;
        Qcow2RefcountRebuild r = new Qcow2RefcountRebuild(s, refs, nbClusters);
        try {
            r.run();
        } catch (BlockException e) {
            checkErrors++;
            throw e;
        }
        corruptions = 0;
        leaks = 0;
        allocated = 0;
        fragmented = 0;
        compressed = 0;
        rebuild = false;
        calculate(Math.max(fileClusters, s.sizeToClusters(s.file.length())));
        long savedCorruptions = corruptions;
        long savedLeaks = leaks;
        long savedFixedC = corruptionsFixed;
        long savedFixedL = leaksFixed;
        corruptions = 0;
        leaks = 0;
        long highest = compare(true, CheckMode.LEAKS);
        if (rebuild) {
            out.println("ERROR rebuilt refcount structure is still broken");
        }
        long freshLeaks = leaks;
        corruptions = savedCorruptions;
        leaks = savedLeaks;
        corruptionsFixed = savedFixedC;
        leaksFixed = savedFixedL;
        if (corruptions < oldCorruptions) {
            corruptionsFixed += oldCorruptions - corruptions;
        }
        if (leaks < oldLeaks) {
            leaksFixed += oldLeaks - leaks;
        }
        leaks += freshLeaks;
        return highest;
    }

    private CheckResult result(long highest, long totalClusters) {
        return new CheckResult(corruptions, leaks, checkErrors, corruptionsFixed, leaksFixed,
                (highest + 1) * s.clusterSize, allocated, totalClusters, fragmented, compressed);
    }

    /** qcow2_inc_refcounts_imrt. */
    private void inc(long offset, long size) {
        if (size <= 0) {
            return;
        }
        // the last cluster may be partly past the end of the file, but not a whole cluster more
        if (offset + size - fileLength() >= s.clusterSize) {
            out.printf("ERROR: counting reference for region exceeding the end of the file by one "
                    + "cluster or more: offset 0x%x size 0x%x%n", offset, size);
            corruptions++;
            return;
        }
        long start = s.startOfCluster(offset);
        long last = s.startOfCluster(offset + size - 1);
        for (long c = start; c <= last; c += s.clusterSize) {
            long k = c >>> s.clusterBits;
            if (k >= refs.length) {
                if (k >= Integer.MAX_VALUE - 8) {
                    checkErrors++;
                    return;
                }
                long[] n = new long[(int) Math.max(k + 1, Math.min(Integer.MAX_VALUE - 8,
                        refs.length * 2L))];
                System.arraycopy(refs, 0, n, 0, refs.length);
                refs = n;
            }
            if (refs[(int) k] == s.refcounts.refcountMax) {
                out.printf("ERROR: overflow cluster offset=0x%x%n", c);
                out.println("Use qemu-img amend to increase the refcount entry width or qemu-img "
                        + "convert to create a clean copy if the image cannot be opened for writing");
                corruptions++;
                continue;
            }
            refs[(int) k]++;
            nbClusters = Math.max(nbClusters, k + 1);
        }
    }

    private long fileLength() {
        return fileLen;
    }

    private void checkL1(long l1Offset, int l1Size, boolean active) throws BlockException {
        if (l1Size == 0) {
            return;
        }
        inc(l1Offset, l1Size * 8L);
        // like QEMU's file layer, what lies past the end of the file reads as zeroes
        byte[] l1 = Qcow2Io.read(s.file, l1Offset, l1Size * 8);
        for (int i = 0; i < l1Size; i++) {
            long e = Qcow2Io.be64(l1, i * 8);
            if (e == 0) {
                continue;
            }
            if ((e & L1E_RESERVED_MASK) != 0) {
                out.printf("ERROR found L1 entry with reserved bits set: %x%n", e);
                corruptions++;
            }
            long l2 = e & Qcow2State.L1E_OFFSET_MASK;
            inc(l2, s.clusterSize);
            if (s.offsetIntoCluster(l2) != 0) {
                out.printf("ERROR l2_offset=%x: Table is not cluster aligned; L1 entry corrupted%n", l2);
                corruptions++;
            }
            checkL2(l2, active);
        }
    }

    /**
     * Counts the references of one L2 table. Fragmentation is measured per table, as qemu does:
     * a data cluster is fragmented when its host offset does not follow the previous data cluster
     * of the same table; compressed clusters always count as fragmented.
     */
    private void checkL2(long l2Offset, boolean active) throws BlockException {
        long nextContiguous = 0;
        byte[] t = Qcow2Io.read(s.file, l2Offset, s.clusterSize);
        for (int i = 0; i < s.l2Size; i++) {
            long e = map.entry(t, i);
            long bm = map.bitmap(t, i);
            int type = map.clusterType(e);
            if (type != Qcow2ClusterMap.C_COMPRESSED && (e & L2E_STD_RESERVED_MASK) != 0) {
                out.printf("ERROR found l2 entry with reserved bits set: %x%n", e);
                corruptions++;
            }
            switch (type) {
                case Qcow2ClusterMap.C_COMPRESSED -> {
                    if ((e & Qcow2State.OFLAG_COPIED) != 0) {
                        out.printf("ERROR: coffset=0x%x: copied flag must never be set for "
                                + "compressed clusters%n", e & s.clusterOffsetMask);
                        e &= ~Qcow2State.OFLAG_COPIED;
                        corruptions++;
                    }
                    if (s.hasDataFile()) {
                        out.printf("ERROR compressed cluster %d with data file, entry=0x%x%n", i, e);
                        corruptions++;
                        continue;
                    }
                    if (bm != 0) {
                        out.printf("ERROR compressed cluster %d with non-zero subcluster "
                                + "allocation bitmap, entry=0x%x%n", i, e);
                        corruptions++;
                        continue;
                    }
                    long coffset = e & s.clusterOffsetMask;
                    long nb = ((e >>> s.csizeShift) & s.csizeMask) + 1;
                    inc(coffset, nb * 512 - (coffset & 511));
                    if (active) {
                        allocated++;
                        compressed++;
                        fragmented++;
                    }
                }
                case Qcow2ClusterMap.C_NORMAL, Qcow2ClusterMap.C_ZERO_ALLOC -> {
                    long off = e & Qcow2State.L2E_OFFSET_MASK;
                    if (((bm >>> 32) & bm) != 0) {
                        corruptions++;
                        out.printf("ERROR offset=%x: Allocated cluster has corrupted subcluster "
                                + "allocation bitmap%n", off);
                    }
                    if (s.offsetIntoCluster(off) != 0) {
                        corruptions++;
                        boolean data = s.extendedL2 ? (bm & Qcow2ClusterMap.BITMAP_ALL_ALLOC) != 0
                                : (e & Qcow2State.OFLAG_ZERO) == 0;
                        out.printf(data ? "ERROR offset=%x: Data cluster is not properly aligned; "
                                + "L2 entry corrupted.%n" : "ERROR offset=%x: Preallocated cluster "
                                + "is not properly aligned; L2 entry corrupted.%n", off);
                    }
                    if (active) {
                        allocated++;
                        if (nextContiguous != 0 && off != nextContiguous) {
                            fragmented++;
                        }
                        nextContiguous = off + s.clusterSize;
                    }
                    if (!s.hasDataFile()) {
                        inc(off, s.clusterSize);
                    }
                }
                case Qcow2ClusterMap.C_UNALLOCATED -> {
                    if ((bm & Qcow2ClusterMap.BITMAP_ALL_ALLOC) != 0) {
                        corruptions++;
                        out.println("ERROR: Unallocated cluster has non-zero subcluster allocation "
                                + "bitmap");
                    }
                }
                default -> {
                }
            }
        }
    }

    /** check_refblocks: counts the refcount blocks; one past the end of the file is repaired. */
    private void checkRefblocks() throws BlockException {
        Qcow2Refcounts rc = s.refcounts;
        for (int i = 0; i < rc.tableSize; i++) {
            long e = rc.table[i];
            long off = e & Qcow2State.REFT_OFFSET_MASK;
            long cluster = off >>> s.clusterBits;
            if ((e & REFT_RESERVED_MASK) != 0) {
                out.printf("ERROR refcount table entry %d has reserved bits set%n", i);
                corruptions++;
                rebuild = true;
                continue;
            }
            if (s.offsetIntoCluster(off) != 0) {
                out.printf("ERROR refcount block %d is not cluster aligned; refcount table entry "
                        + "corrupted%n", i);
                corruptions++;
                rebuild = true;
                continue;
            }
            if (cluster >= nbClusters) {
                corruptions++;
                out.printf("%s refcount block %d is outside image%n",
                        fixErrors() ? "Repairing" : "ERROR", i);
                if (fixErrors()) {
                    growFileFor(off);
                }
                continue;
            }
            if (off != 0) {
                inc(off, s.clusterSize);
                if (refs[(int) cluster] != 1) {
                    out.printf("ERROR refcount block %d refcount=%d%n", i, refs[(int) cluster]);
                    corruptions++;
                    rebuild = true;
                }
            }
        }
    }

    /** Extends the file so that a refcount block past its end lies inside it (zeroes). */
    private void growFileFor(long blockOffset) {
        try {
            if (blockOffset > Long.MAX_VALUE - s.clusterSize
                    || blockOffset + s.clusterSize > Qcow2State.MAX_CLUSTER_OFFSET + 1) {
                throw new BlockException(Errno.EINVAL, Errno.EINVAL.text());
            }
            s.file.truncate(blockOffset + s.clusterSize, false,
                    io.jiotests.engine.block.Preallocation.OFF);
            long newClusters = s.sizeToClusters(s.file.length());
            if (newClusters > Integer.MAX_VALUE - 8 || (blockOffset >>> s.clusterBits) >= newClusters) {
                throw new BlockException(Errno.EINVAL, Errno.EINVAL.text());
            }
            fileLen = s.file.length();
            if (newClusters > refs.length) {
                refs = java.util.Arrays.copyOf(refs, (int) newClusters);
            }
            nbClusters = Math.max(nbClusters, newClusters);
            corruptions--;
            corruptionsFixed++;
            inc(blockOffset, s.clusterSize);
        } catch (BlockException e) {
            rebuild = true;
            out.println("ERROR could not resize image: " + e.errno().text());
        }
    }

    /** compare_refcounts; returns the highest cluster in use. */
    private long compare(boolean repair) throws BlockException {
        return compare(repair, mode);
    }

    private long compare(boolean repair, CheckMode fix) throws BlockException {
        long highest = 0;
        for (long i = 0; i < nbClusters; i++) {
            long stored;
            try {
                stored = s.refcounts.get(i);
            } catch (BlockException e) {
                out.printf("Can't get refcount for cluster %d: %s%n", i, e.getMessage());
                checkErrors++;
                continue;
            }
            long counted = i < refs.length ? refs[(int) i] : 0;
            if (stored > 0 || counted > 0) {
                highest = i;
            }
            if (stored == counted) {
                continue;
            }
            boolean fixed = false;
            boolean canFix = false;
            if (stored == 0) {
                rebuild = true;
            } else if (Long.compareUnsigned(stored, counted) > 0 && repair && fix != CheckMode.NONE) {
                canFix = true;
            } else if (Long.compareUnsigned(stored, counted) < 0 && repair && fix == CheckMode.ALL) {
                canFix = true;
            }
            out.printf("%s cluster %d refcount=%s reference=%d%n",
                    canFix ? "Repairing" : Long.compareUnsigned(stored, counted) < 0 ? "ERROR"
                            : "Leaked", i, Long.toUnsignedString(stored), counted);
            if (canFix) {
                boolean decrease = Long.compareUnsigned(stored, counted) > 0;
                long diff = decrease ? stored - counted : counted - stored;
                try {
                    s.refcounts.update(i << s.clusterBits, 1, diff, decrease,
                            Qcow2Refcounts.DiscardType.ALWAYS);
                    fixed = true;
                    if (decrease) {
                        leaksFixed++;
                    } else {
                        corruptionsFixed++;
                    }
                } catch (BlockException | Qcow2Refcounts.RetryAllocation e) {
                    fixed = false;
                }
            }
            if (!fixed) {
                if (Long.compareUnsigned(stored, counted) < 0) {
                    corruptions++;
                } else {
                    leaks++;
                }
            }
        }
        return highest;
    }

    private void checkOflagCopied() throws BlockException {
        for (int i = 0; i < s.l1Size; i++) {
            long l1e = s.l1Table[i];
            long l2 = l1e & Qcow2State.L1E_OFFSET_MASK;
            if (l2 == 0) {
                continue;
            }
            long rc;
            try {
                rc = s.refcounts.get(l2 >>> s.clusterBits);
            } catch (BlockException e) {
                continue;
            }
            if ((rc == 1) != ((l1e & Qcow2State.OFLAG_COPIED) != 0)) {
                corruptions++;
                out.printf("%s OFLAG_COPIED L2 cluster: l1_index=%d l1_entry=%x refcount=%d%n",
                        mode != CheckMode.NONE ? "Repairing" : "ERROR", i, l1e, rc);
                if (mode != CheckMode.NONE) {
                    s.l1Table[i] = rc == 1 ? l1e | Qcow2State.OFLAG_COPIED
                            : l1e & ~Qcow2State.OFLAG_COPIED;
                    map.writeL1Entry(i);
                    corruptions--;
                    corruptionsFixed++;
                }
            }
            if (l2 + s.clusterSize > s.file.length() || s.offsetIntoCluster(l2) != 0) {
                continue;
            }
            s.l2Cache.flush();
            s.l2Cache.discard(l2);
            byte[] t = Qcow2Io.read(s.file, l2, s.clusterSize);
            int dirty = 0;
            for (int j = 0; j < s.l2Size; j++) {
                long e = map.entry(t, j);
                int type = map.clusterType(e);
                if (type != Qcow2ClusterMap.C_NORMAL && type != Qcow2ClusterMap.C_ZERO_ALLOC) {
                    continue;
                }
                long r;
                if (s.hasDataFile()) {
                    r = 1;
                } else {
                    try {
                        r = s.refcounts.get((e & Qcow2State.L2E_OFFSET_MASK) >>> s.clusterBits);
                    } catch (BlockException ex) {
                        continue;
                    }
                }
                if ((r == 1) != ((e & Qcow2State.OFLAG_COPIED) != 0)) {
                    corruptions++;
                    out.printf("%s OFLAG_COPIED data cluster: l2_entry=%x refcount=%d%n",
                            mode != CheckMode.NONE ? "Repairing" : "ERROR", e, r);
                    if (mode != CheckMode.NONE) {
                        map.setEntry(t, j, r == 1 ? e | Qcow2State.OFLAG_COPIED
                                : e & ~Qcow2State.OFLAG_COPIED);
                        dirty++;
                    }
                }
            }
            if (dirty > 0) {
                Qcow2Io.write(s.file, l2, t);
                corruptions -= dirty;
                corruptionsFixed += dirty;
            }
        }
    }
}
