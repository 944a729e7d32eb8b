package io.jiotests.engine.qcow2;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

/**
 * Compressed writes (qemu-io write -c, convert -c): whole clusters only (or the image's last,
 * partial one), into unallocated clusters only. Compressed data is packed into host clusters byte
 * by byte, continuing where the previous compressed cluster ended.
 */
final class Qcow2CompressedWriter {
    private final Qcow2State s;
    private final Qcow2ClusterMap map;
    private final Qcow2Writer writer;

    Qcow2CompressedWriter(Qcow2State s, Qcow2ClusterMap map, Qcow2Writer writer) {
        this.s = s;
        this.map = map;
        this.writer = writer;
    }

    void write(long offset, byte[] src, int pos, int len) throws BlockException {
        validate(offset, len);
        while (len > 0) {
            int chunk = Math.min(len, s.clusterSize);
            store(offset, src, pos, chunk, compress(s.header.compressionType, s.clusterSize, src, pos, chunk));
            offset += chunk;
            pos += chunk;
            len -= chunk;
        }
    }

    /**
     * Stores one cluster whose compression was done ahead ({@link #compress}, possibly on another
     * thread): {@code compressed} null means it did not fit and the cluster is written as is.
     */
    void writePrepared(long offset, byte[] src, int pos, int len, byte[] compressed) throws BlockException {
        validate(offset, len);
        store(offset, src, pos, len, compressed);
    }

    private void validate(long offset, int len) throws BlockException {
        if (s.hasDataFile()) {
            throw new BlockException(Errno.ENOTSUP);
        }
        long end = (s.size + 511) & ~511L;
        if (s.offsetIntoCluster(offset) != 0) {
            throw new BlockException(Errno.EINVAL);
        }
        if (s.offsetIntoCluster(len) != 0 && offset + len != end) {
            throw new BlockException(Errno.EINVAL);
        }
    }

    private void store(long offset, byte[] src, int pos, int len, byte[] compressed) throws BlockException {
        if (compressed == null) {
            writer.write(offset, src, pos, len);
        } else {
            long host = allocCompressedCluster(offset, compressed.length);
            Qcow2Io.write(s.file, host, compressed);
        }
    }

    /**
     * Compresses one cluster's worth of guest data (at most a cluster; a shorter tail is padded
     * with zeroes to a whole cluster, as QEMU compresses it). Returns null if the result would not
     * be smaller than a cluster. Pure: safe to call from several threads at once.
     */
    static byte[] compress(int type, int clusterSize, byte[] src, int pos, int len) throws BlockException {
        byte[] buf;
        if (pos == 0 && len == clusterSize && src.length == clusterSize) {
            buf = src;
        } else {
            buf = new byte[clusterSize];
            System.arraycopy(src, pos, buf, 0, len);
        }
        try {
            return Qcow2NativeCompressor.compress(type, buf, clusterSize - 1);
        } catch (java.io.IOException e) {
            throw new BlockException(Errno.EIO, Errno.EIO.text(), e);
        }
    }

    /** qcow2_alloc_compressed_cluster_offset. */
    private long allocCompressedCluster(long offset, int size) throws BlockException {
        Qcow2ClusterMap.L2Ref ref = map.clusterTable(offset);
        long e = map.entry(ref.table(), ref.index());
        if ((e & Qcow2State.L2E_OFFSET_MASK) != 0) {
            throw new BlockException(Errno.EIO);
        }
        long host = allocBytes(size);
        String overlap = metadataOverlap(host, size);
        if (overlap != null) {
            s.dead = true;
            throw s.corrupt("Preventing invalid write on metadata (overlaps with " + overlap + ")");
        }
        long nbSectors = ((host + size - 1) / 512) - (host / 512);
        long entry = host | Qcow2State.OFLAG_COMPRESSED | (nbSectors << s.csizeShift);
        ref = map.clusterTable(offset);
        map.setEntry(ref.table(), ref.index(), entry);
        map.setBitmap(ref.table(), ref.index(), 0);
        s.l2Cache.markDirty(ref.offset(), ref.table());
        return host;
    }

    /** The metadata structure the host range overlaps (QEMU's overlap check), or null. */
    private String metadataOverlap(long offset, long size) {
        long first = s.startOfCluster(offset);
        long last = s.startOfCluster(offset + size - 1);
        for (long c = first; c <= last; c += s.clusterSize) {
            if (c == 0) {
                return "qcow2_header";
            }
            long l1Start = s.startOfCluster(s.l1TableOffset);
            if (s.l1Size > 0 && c >= l1Start && c < s.l1TableOffset + 8L * s.l1Size) {
                return "active L1 table";
            }
            long rt = s.refcounts.tableOffset;
            if (c >= rt && c < rt + 8L * s.refcounts.tableSize) {
                return "refcount table";
            }
            for (int i = 0; i < s.l1Size; i++) {
                if ((s.l1Table[i] & Qcow2State.L1E_OFFSET_MASK) == c) {
                    return "active L2 table";
                }
            }
            for (int i = 0; i < s.refcounts.tableSize; i++) {
                if ((s.refcounts.table[i] & Qcow2State.REFT_OFFSET_MASK) == c) {
                    return "refcount block";
                }
            }
        }
        return null;
    }

    /** qcow2_alloc_bytes: sub-cluster allocation for compressed data. */
    private long allocBytes(int size) throws BlockException {
        s.file.debugEvent(BlkdebugEvent.CLUSTER_ALLOC_BYTES);
        Qcow2Refcounts rc = s.refcounts;
        long offset = rc.freeByteOffset;
        if (offset != 0 && rc.get(offset >>> s.clusterBits) == rc.refcountMax) {
            offset = 0;
        }
        long freeInCluster = s.clusterSize - s.offsetIntoCluster(offset);
        while (true) {
            if (offset == 0 || freeInCluster < size) {
                long newCluster = rc.allocNoref(s.clusterSize);
                if (newCluster == 0) {
                    throw s.corrupt("Preventing invalid allocation of compressed cluster at offset 0");
                }
                if (newCluster > (s.clusterOffsetMask & Qcow2State.MAX_CLUSTER_OFFSET)) {
                    throw new BlockException(Errno.EFBIG, Errno.EFBIG.text());
                }
                if (offset == 0 || Qcow2Writer.roundUp(offset, s.clusterSize) != newCluster) {
                    offset = newCluster;
                    freeInCluster = s.clusterSize;
                } else {
                    freeInCluster += s.clusterSize;
                }
            }
            rc.allocatingBytes = true;
            try {
                rc.update(offset, size, 1, false, Qcow2Refcounts.DiscardType.NEVER);
                break;
            } catch (Qcow2Refcounts.RetryAllocation again) {
                offset = 0;
            } finally {
                rc.allocatingBytes = false;
            }
        }
        s.l2Cache.setDependency(s.refblockCache);
        rc.freeByteOffset = offset + size;
        if (s.offsetIntoCluster(rc.freeByteOffset) == 0) {
            rc.freeByteOffset = 0;
        }
        return offset;
    }
}
