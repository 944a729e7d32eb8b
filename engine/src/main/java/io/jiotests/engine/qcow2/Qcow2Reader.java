package io.jiotests.engine.qcow2;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The read path: walks the mapping of a guest range and reads data clusters from the data file,
 * zero and unallocated clusters as zeroes or from the backing node, and decompresses compressed
 * clusters.
 */
final class Qcow2Reader {
    private final Qcow2State s;
    private final Qcow2ClusterMap map;

    Qcow2Reader(Qcow2State s, Qcow2ClusterMap map) {
        this.s = s;
        this.map = map;
    }

    void read(long offset, byte[] dst, int pos, int len) throws BlockException {
        long remaining = len;
        while (remaining > 0) {
            Qcow2ClusterMap.Mapping m = lookup(offset, remaining);
            int n = (int) Math.min(m.bytes(), remaining);
            switch (m.type()) {
                case Qcow2ClusterMap.SC_UNALLOCATED_PLAIN, Qcow2ClusterMap.SC_UNALLOCATED_ALLOC ->
                        readBacking(offset, dst, pos, n);
                case Qcow2ClusterMap.SC_ZERO_PLAIN, Qcow2ClusterMap.SC_ZERO_ALLOC ->
                        Arrays.fill(dst, pos, pos + n, (byte) 0);
                case Qcow2ClusterMap.SC_COMPRESSED -> {
                    byte[] cluster = decompressCluster(m.l2Entry());
                    System.arraycopy(cluster, (int) s.offsetIntoCluster(offset), dst, pos, n);
                }
                default -> {
                    readData(m.hostOffset(), dst, pos, n);
                    if (s.crypto != null) {
                        s.crypto.decrypt(m.hostOffset(), offset, dst, pos, n);
                    }
                }
            }
            offset += n;
            pos += n;
            remaining -= n;
        }
    }

    /**
     * The same walk into {@code dst} from its position to its limit without a heap copy: data
     * clusters are read straight from the data file into the caller's (typically direct) buffer.
     * The position and limit of {@code dst} are not changed.
     */
    void read(long offset, ByteBuffer dst) throws BlockException {
        int pos = dst.position();
        long remaining = dst.remaining();
        while (remaining > 0) {
            Qcow2ClusterMap.Mapping m = lookup(offset, remaining);
            int n = (int) Math.min(m.bytes(), remaining);
            switch (m.type()) {
                case Qcow2ClusterMap.SC_UNALLOCATED_PLAIN, Qcow2ClusterMap.SC_UNALLOCATED_ALLOC ->
                        readBacking(offset, dst.slice(pos, n));
                case Qcow2ClusterMap.SC_ZERO_PLAIN, Qcow2ClusterMap.SC_ZERO_ALLOC -> zero(dst, pos, n);
                case Qcow2ClusterMap.SC_COMPRESSED -> {
                    byte[] cluster = decompressCluster(m.l2Entry());
                    dst.put(pos, cluster, (int) s.offsetIntoCluster(offset), n);
                }
                default -> {
                    s.file.debugEvent(BlkdebugEvent.READ_AIO);
                    Qcow2Io.read(s.dataFile, m.hostOffset(), dst.slice(pos, n));
                    if (s.crypto != null) {
                        s.crypto.decrypt(m.hostOffset(), offset, dst, pos, n);
                    }
                }
            }
            offset += n;
            pos += n;
            remaining -= n;
        }
    }

    /** The mapping under the metadata lock (the data is read after it is released). */
    private Qcow2ClusterMap.Mapping lookup(long offset, long bytes) throws BlockException {
        s.meta.lock();
        try {
            return map.lookup(offset, bytes);
        } finally {
            s.meta.unlock();
        }
    }

    private void readBacking(long offset, ByteBuffer dst) throws BlockException {
        BlockNode b = s.backing;
        int n = dst.remaining();
        if (b == null) {
            zero(dst, 0, n);
            return;
        }
        long blen = b.length();
        int avail = (int) Math.max(0, Math.min(n, blen - offset));
        if (avail > 0) {
            b.pread(offset, dst.slice(0, avail));
        }
        if (avail < n) {
            zero(dst, avail, n - avail);
        }
    }

    private static final byte[] ZEROES = new byte[64 * 1024];

    static void zero(ByteBuffer dst, int pos, int n) {
        while (n > 0) {
            int k = Math.min(n, ZEROES.length);
            dst.put(pos, ZEROES, 0, k);
            pos += k;
            n -= k;
        }
    }

    private void readData(long host, byte[] dst, int pos, int n) throws BlockException {
        s.file.debugEvent(BlkdebugEvent.READ_AIO);
        Qcow2Io.read(s.dataFile, host, dst, pos, n);
    }

    void readBacking(long offset, byte[] dst, int pos, int n) throws BlockException {
        BlockNode b = s.backing;
        if (b == null) {
            Arrays.fill(dst, pos, pos + n, (byte) 0);
            return;
        }
        long blen = b.length();
        int avail = (int) Math.max(0, Math.min(n, blen - offset));
        if (avail > 0) {
            b.pread(offset, ByteBuffer.wrap(dst, pos, avail));
        }
        if (avail < n) {
            Arrays.fill(dst, pos + avail, pos + n, (byte) 0);
        }
    }

    /** Reads and inflates the compressed cluster an L2 entry describes. */
    byte[] decompressCluster(long l2Entry) throws BlockException {
        long coffset = l2Entry & s.clusterOffsetMask;
        long nbSectors = ((l2Entry >>> s.csizeShift) & s.csizeMask) + 1;
        long csize = nbSectors * 512 - (coffset & 511);
        // csize is bounded by the descriptor width (at most two clusters); bytes past the end
        // of the file read as zeroes and then fail to inflate, as in QEMU
        byte[] in = Qcow2Io.read(s.file, coffset, (int) csize);
        byte[] out = new byte[s.clusterSize];
        if (!Qcow2Compression.decompress(s.header.compressionType, in, out)) {
            throw new BlockException(Errno.EIO, Errno.EIO.text());
        }
        return out;
    }
}
