package io.jiotests.engine.qed;

import io.jiotests.engine.block.BlockException;

/**
 * Looking up guest ranges in the two-level table (QEMU's qed_find_cluster): the answer covers the
 * longest run from the start position of one kind (unallocated L2 table, unallocated clusters,
 * zero clusters, or physically contiguous data clusters), never crossing an L2 table boundary.
 */
final class QedClusterMap {
    enum Kind {
        /** No L2 table for this range. */
        L1_UNALLOCATED,
        /** The L2 table exists; the clusters are unallocated. */
        L2_UNALLOCATED,
        /** Zero clusters. */
        ZERO,
        /** Data clusters at {@link Run#hostOffset()}. */
        DATA
    }

    /**
     * @param kind       what the run is
     * @param bytes      guest bytes covered from the queried position
     * @param hostOffset for DATA, the file offset of the run's first cluster (not of the position)
     * @param l2         the L2 table (null for L1_UNALLOCATED)
     */
    record Run(Kind kind, long bytes, long hostOffset, QedTable l2) {
    }

    private final QedState s;

    QedClusterMap(QedState s) {
        this.s = s;
    }

    /** The run at {@code pos}, at most {@code len} bytes; EINVAL for tables or clusters outside the file. */
    Run find(long pos, long len) throws BlockException {
        long l2End = ((pos >>> s.l1Shift) + 1) << s.l1Shift;
        len = Math.min(len, l2End - pos);
        long l2Offset = s.l1.get(s.l1Index(pos));
        if (QedTable.isUnallocated(l2Offset)) {
            return new Run(Kind.L1_UNALLOCATED, len, 0, null);
        }
        if (!s.checkTableOffset(l2Offset)) {
            throw QedState.invalid();
        }
        QedTable l2 = s.l2Table(l2Offset);
        int index = s.l2Index(pos);
        long want = s.bytesToClusters(s.offsetIntoCluster(pos) + len);
        int end = (int) Math.min(index + want, s.tableNelems);
        long first = l2.get(index);
        long last = first;
        int i = index + 1;
        for (; i < end; i++) {
            long e = l2.get(i);
            if (QedTable.isUnallocated(last)) {
                if (!QedTable.isUnallocated(e)) {
                    break;
                }
            } else if (QedTable.isZero(last)) {
                if (!QedTable.isZero(e)) {
                    break;
                }
            } else {
                if (e != last + s.clusterSize) {
                    break;
                }
                last = e;
            }
        }
        long n = i - index;
        Kind kind;
        if (QedTable.isUnallocated(first)) {
            kind = Kind.L2_UNALLOCATED;
        } else if (QedTable.isZero(first)) {
            kind = Kind.ZERO;
        } else if (s.checkClusterOffset(first)) {
            kind = Kind.DATA;
        } else {
            throw QedState.invalid();
        }
        long bytes = Math.min(len, n * s.clusterSize - s.offsetIntoCluster(pos));
        return new Run(kind, bytes, kind == Kind.DATA ? first : 0, l2);
    }
}
