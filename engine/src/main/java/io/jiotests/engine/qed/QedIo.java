package io.jiotests.engine.qed;

import io.jiotests.engine.block.BlockException;
import java.util.Arrays;

/**
 * Guest reads and writes (QEMU's qed_aio_next_io loop): a request is walked run by run. Reads take
 * data clusters from the file, zero clusters as zeroes and everything else from the backing file.
 * Writes go in place into data clusters; elsewhere they allocate: new clusters are appended at the
 * end of the file, the untouched head and tail of the first and last cluster are copied from the
 * backing file (zeroes without one), and the L2 entries are updated, a new L2 table being appended
 * after the data when the L1 entry was empty. Zero writes of whole clusters set zero-cluster entries
 * instead of allocating (and write zeroes in place over data clusters).
 */
final class QedIo {
    private final QedState s;
    private final QedClusterMap map;

    QedIo(QedState s, QedClusterMap map) {
        this.s = s;
        this.map = map;
    }

    void read(long pos, byte[] dst, int off, int len) throws BlockException {
        long cur = pos;
        long end = pos + len;
        while (cur < end) {
            QedClusterMap.Run run = map.find(cur, end - cur);
            int n = (int) run.bytes();
            int at = off + (int) (cur - pos);
            switch (run.kind()) {
                case DATA -> s.readFile(run.hostOffset() + s.offsetIntoCluster(cur), dst, at, n);
                case ZERO -> Arrays.fill(dst, at, at + n, (byte) 0);
                default -> s.readBacking(cur, dst, at, n);
            }
            cur += n;
        }
    }

    /**
     * Writes {@code len} bytes; with {@code src} null the request is a zero write (only whole
     * clusters reach here that way) and unallocated clusters become zero clusters.
     */
    void write(long pos, byte[] src, int off, int len) throws BlockException {
        long cur = pos;
        long end = pos + len;
        while (cur < end) {
            QedClusterMap.Run run = map.find(cur, end - cur);
            int n = (int) run.bytes();
            int at = off + (int) (cur - pos);
            if (run.kind() == QedClusterMap.Kind.DATA) {
                long host = run.hostOffset() + s.offsetIntoCluster(cur);
                if (src == null) {
                    writeZeroBytes(host, n);
                } else {
                    s.writeFile(host, src, at, n);
                }
            } else {
                allocate(run, cur, src, at, n);
            }
            cur += n;
        }
    }

    private void writeZeroBytes(long host, long n) throws BlockException {
        byte[] zeroes = new byte[(int) Math.min(n, 1 << 20)];
        for (long done = 0; done < n; ) {
            int k = (int) Math.min(zeroes.length, n - done);
            s.writeFile(host + done, zeroes, 0, k);
            done += k;
        }
    }

    private void allocate(QedClusterMap.Run run, long cur, byte[] src, int at, int n)
            throws BlockException {
        long nclusters = s.bytesToClusters(s.offsetIntoCluster(cur) + n);
        long cluster;
        if (src == null) {
            if (run.kind() == QedClusterMap.Kind.ZERO) {
                return; // already reads as zeroes
            }
            cluster = QedTable.ZERO_CLUSTER;
        } else {
            cluster = s.allocClusters(nclusters);
        }
        if (s.backing == null && !s.header.needCheck()) {
            s.header.features |= QedHeader.F_NEED_CHECK;
            s.writeHeader();
        }
        if (src != null) {
            copyOnWrite(cur, n, cluster, src, at);
        }
        updateL2(run, cur, (int) nclusters, cluster);
    }

    /** Fills the new clusters: backing data before and after the request, the request in between. */
    private void copyOnWrite(long cur, int n, long cluster, byte[] src, int at) throws BlockException {
        long headStart = s.startOfCluster(cur);
        int headLen = (int) s.offsetIntoCluster(cur);
        copyFromBacking(headStart, headLen, cluster);
        long tailStart = cur + n;
        long tailLen = s.startOfCluster(tailStart + s.clusterSize - 1) - tailStart;
        copyFromBacking(tailStart, (int) tailLen, cluster + headLen + n);
        s.writeFile(cluster + headLen, src, at, n);
        if (s.backing != null) {
            s.file.flush(); // data before the L2 update, or a crash loses backing sectors
        }
    }

    private void copyFromBacking(long pos, int len, long hostOffset) throws BlockException {
        if (len == 0) {
            return;
        }
        byte[] buf = new byte[len];
        s.readBacking(pos, buf, 0, len);
        s.writeFile(hostOffset, buf, 0, len);
    }

    private void updateL2(QedClusterMap.Run run, long cur, int nclusters, long cluster)
            throws BlockException {
        boolean newTable = run.kind() == QedClusterMap.Kind.L1_UNALLOCATED;
        QedTable l2 = run.l2();
        if (newTable) {
            l2 = QedTable.empty(s.allocClusters(s.header.tableSize), s.tableNelems);
        }
        int index = s.l2Index(cur);
        long c = cluster;
        for (int i = index; i < index + nclusters; i++) {
            l2.set(i, c);
            if (!QedTable.isUnallocated(c) && !QedTable.isZero(c)) {
                c += s.clusterSize;
            }
        }
        if (newTable) {
            s.writeTable(l2, 0, s.tableNelems, true);
            s.cacheL2(l2);
            int l1Index = s.l1Index(cur);
            s.l1.set(l1Index, l2.offset());
            s.writeTable(s.l1, l1Index, 1, false);
        } else {
            s.writeTable(l2, index, nclusters, false);
        }
    }
}
