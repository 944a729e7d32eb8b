package io.jiotests.engine.qed;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.util.BitSet;

/**
 * The QED consistency check (qemu-img check, and the automatic check when an image with the
 * need-check bit is opened read-write): every L1 and L2 entry must point at a cluster inside the
 * file, and no cluster may be referenced twice; clusters after the header that nothing references
 * are leaks. With {@code fix}, invalid entries are cleared (leaks stay, as in QEMU) and, when
 * nothing is left broken, the need-check bit is cleared.
 */
final class QedCheck {
    /** What the check counted. */
    record Counts(long corruptions, long corruptionsFixed, long leaks, long checkErrors,
                  Errno lastError, long allocated, long fragmented, long total) {
    }

    private final QedState s;
    private final boolean fix;
    private final BitSet used = new BitSet();
    private final long nclusters;
    private long corruptions;
    private long corruptionsFixed;
    private long leaks;
    private long checkErrors;
    private Errno lastError;
    private long allocated;
    private long fragmented;

    QedCheck(QedState s, boolean fix) {
        this.s = s;
        this.fix = fix;
        this.nclusters = s.bytesToClusters(s.fileSize);
    }

    Counts run() throws BlockException {
        long total = (s.header.imageSize + s.clusterSize - 1) / s.clusterSize;
        boolean ok = checkL1();
        if (ok) {
            leaks = countLeaks();
            if (fix) {
                markClean();
            }
        }
        return new Counts(corruptions, corruptionsFixed, leaks, checkErrors, lastError, allocated,
                fragmented, total);
    }

    /** Clusters after the header that nothing references (counted without walking a huge sparse file bit by bit). */
    private long countLeaks() {
        long from = Math.min(s.header.headerSize, nclusters);
        int lo = (int) Math.min(from, Integer.MAX_VALUE);
        int hi = (int) Math.min(nclusters, Integer.MAX_VALUE);
        long referenced = used.get(lo, hi).cardinality();
        return nclusters - from - referenced;
    }

    /** Returns false when a table could not be read or written. */
    private boolean checkL1() throws BlockException {
        QedTable l1 = s.l1;
        int invalidL1 = 0;
        boolean ioOk = true;
        markUsed(s.header.l1TableOffset, s.header.tableSize);
        for (int i = 0; i < s.tableNelems; i++) {
            long offset = l1.get(i);
            if (QedTable.isUnallocated(offset)) {
                continue;
            }
            if (!s.checkTableOffset(offset)) {
                if (fix) {
                    l1.set(i, 0);
                    corruptionsFixed++;
                } else {
                    corruptions++;
                }
                invalidL1++;
                continue;
            }
            if (!markUsed(offset, s.header.tableSize)) {
                continue;
            }
            QedTable l2;
            try {
                l2 = s.l2Table(offset);
            } catch (BlockException e) {
                checkErrors++;
                lastError = e.errno();
                ioOk = false;
                continue;
            }
            int invalidL2 = checkL2(l2);
            if (invalidL2 > 0 && fix) {
                try {
                    s.writeTable(l2, 0, s.tableNelems, false);
                } catch (BlockException e) {
                    checkErrors++;
                    lastError = e.errno();
                    ioOk = false;
                }
            }
        }
        if (invalidL1 > 0 && fix) {
            try {
                s.writeTable(l1, 0, s.tableNelems, false);
            } catch (BlockException e) {
                checkErrors++;
                lastError = e.errno();
                ioOk = false;
            }
        }
        return ioOk;
    }

    private int checkL2(QedTable l2) {
        int invalid = 0;
        long lastOffset = 0;
        for (int i = 0; i < s.tableNelems; i++) {
            long offset = l2.get(i);
            if (QedTable.isUnallocated(offset) || QedTable.isZero(offset)) {
                continue;
            }
            allocated++;
            if (lastOffset != 0 && lastOffset + s.clusterSize != offset) {
                fragmented++;
            }
            lastOffset = offset;
            if (!s.checkClusterOffset(offset)) {
                if (fix) {
                    l2.set(i, 0);
                    corruptionsFixed++;
                } else {
                    corruptions++;
                }
                invalid++;
                continue;
            }
            markUsed(offset, 1);
        }
        return invalid;
    }

    /**
     * Marks {@code n} clusters from {@code offset} as referenced; a cluster referenced twice is a
     * corruption. Only offsets inside the file reach here, so the bit set stays file-sized.
     */
    private boolean markUsed(long offset, long n) {
        long cluster = offset >>> s.l2Shift;
        long dup = 0;
        for (long i = 0; i < n; i++, cluster++) {
            if (cluster < Integer.MAX_VALUE) {
                if (used.get((int) cluster)) {
                    dup++;
                }
                used.set((int) cluster);
            }
        }
        corruptions += dup;
        return dup == 0;
    }

    private void markClean() throws BlockException {
        if (corruptions > 0 || checkErrors > 0 || !s.header.needCheck()) {
            return;
        }
        s.file.flush();
        s.header.features &= ~QedHeader.F_NEED_CHECK;
        s.writeHeader();
    }
}
