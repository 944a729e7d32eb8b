package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.Preallocation;

/**
 * Emptying the active layer after qemu-img commit (QEMU's bdrv_make_empty for qcow2): afterwards
 * every cluster reads from the backing file again.
 *
 * <p>A v3 image without internal snapshots, persistent bitmaps or an external data file, whose
 * header, refcount table, one refcount block and L1 table fit under a single refcount block, is
 * rebuilt from scratch as QEMU does: header in cluster 0, a one-cluster refcount table in cluster
 * 1, its only refcount block in cluster 2, the (zeroed) L1 table from cluster 3 on, and the file
 * cut right after it. Every other image has each guest cluster discarded (L2 entries cleared,
 * clusters freed), which keeps snapshots and other structures intact.
 */
final class Qcow2MakeEmpty {
    private final Qcow2State s;
    private final Qcow2Zero zero;

    Qcow2MakeEmpty(Qcow2State s, Qcow2Zero zero) {
        this.s = s;
        this.zero = zero;
    }

    void run() throws BlockException {
        if (!s.writable) {
            throw new BlockException(Errno.EACCES, "Image is read-only");
        }
        long l1Clusters = ((long) s.l1Size * 8 + s.clusterSize - 1) >>> s.clusterBits;
        if (canRebuild(l1Clusters)) {
            rebuild(l1Clusters);
            return;
        }
        long end = s.size & ~511L;
        long step = (Integer.MAX_VALUE & ~((long) s.clusterSize - 1));
        for (long offset = 0; offset < end; offset += step) {
            zero.discard(offset, Math.min(step, end - offset), Qcow2Refcounts.DiscardType.SNAPSHOT,
                    true);
        }
    }

    private boolean canRebuild(long l1Clusters) {
        byte[] bitmaps = s.header.bitmapsExtension;
        boolean hasBitmaps = bitmaps != null && bitmaps.length >= 4 && Qcow2Io.be32(bitmaps, 0) != 0;
        return s.qcowVersion >= 3 && s.header.nbSnapshots == 0 && !hasBitmaps
                && !s.header.hasDataFile() && !s.hasDataFile()
                && 3 + l1Clusters <= s.refcounts.refcountBlockSize;
    }

    /**
     * The order keeps the image openable at every step: the old L1 and refcount tables are zeroed
     * first (a crash then leaves an empty image with leaked clusters), then the header points to
     * the new refcount table, which is written before the header's L1 offset moves.
     */
    private void rebuild(long l1Clusters) throws BlockException {
        int cs = s.clusterSize;
        s.l2Cache.flush();
        s.refblockCache.flush();
        s.l2Cache.clear();
        s.refblockCache.clear();
        if (s.l1Size > 0) {
            s.file.pwriteZeroes(s.l1TableOffset, (long) s.l1Size * 8, 0);
        }
        java.util.Arrays.fill(s.l1Table, 0L);
        s.file.pwriteZeroes(s.refcounts.tableOffset, (long) s.refcounts.tableSize * 8, 0);
        s.file.flush();

        // cluster 1: the new refcount table, cluster 2: its (still empty) refcount block
        s.file.pwriteZeroes(cs, 2L * cs, 0);
        byte[] rt = new byte[8];
        Qcow2Io.putBe64(rt, 0, 2L * cs);
        Qcow2Io.write(s.file, cs, rt);
        byte[] rtHeader = new byte[12];
        Qcow2Io.putBe64(rtHeader, 0, cs);
        Qcow2Io.putBe32(rtHeader, 8, 1);
        Qcow2Io.write(s.file, 48, rtHeader);
        s.header.refcountTableOffset = cs;
        s.header.refcountTableClusters = 1;
        s.refcounts.load(cs, 1);
        s.refcounts.freeClusterIndex = 0;
        s.refcounts.freeByteOffset = 0;
        s.file.flush();

        long newEnd = (3 + l1Clusters) * cs;
        s.file.truncate(newEnd, true, Preallocation.OFF);
        byte[] l1Offset = new byte[8];
        Qcow2Io.putBe64(l1Offset, 0, 3L * cs);
        Qcow2Io.write(s.file, 40, l1Offset);
        s.header.l1TableOffset = 3L * cs;
        s.l1TableOffset = 3L * cs;
        // the header, the refcount table, its block and the L1 table are the only clusters in use
        long got = s.refcounts.allocClusters(newEnd);
        if (got != 0) {
            throw new BlockException(Errno.EIO, "Input/output error");
        }
        s.refblockCache.flush();
        s.file.flush();
    }
}
