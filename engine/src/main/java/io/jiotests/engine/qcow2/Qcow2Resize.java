package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.Preallocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Growing the virtual disk (qcow2_co_truncate): the L1 table is enlarged to exactly the new size,
 * then the new area is preallocated as asked: "metadata" maps it through the normal allocation
 * path without writing data, "falloc" / "full" first build refcount structures for everything at
 * the end of the file, then take the data clusters in one run after them.
 */
final class Qcow2Resize {
    private final Qcow2State s;
    private final Qcow2ClusterMap map;
    private final Qcow2Writer writer;

    Qcow2Resize(Qcow2State s, Qcow2ClusterMap map, Qcow2Writer writer) {
        this.s = s;
        this.map = map;
        this.writer = writer;
    }

    /** qcow2_co_truncate: grows or (through {@link Qcow2Shrink}) shrinks the virtual disk. */
    void resize(long newSize, Preallocation prealloc) throws BlockException {
        if (newSize < 0) {
            throw new BlockException(Errno.EINVAL, "Image size cannot be negative");
        }
        if (s.qcowVersion < 3 && !Qcow2Snapshots.read(s).isEmpty()) {
            // v2 snapshots need not record their disk size: QEMU refuses any resize
            throw new BlockException(Errno.ENOTSUP, "Can't resize a v2 image which has snapshots");
        }
        if (newSize < ((s.size + 511) & ~511L)) {
            new Qcow2Shrink(s, new Qcow2Zero(s, map, writer)).shrink(newSize, prealloc);
        } else {
            grow(newSize, prealloc);
        }
    }

    void grow(long newSize, Preallocation prealloc) throws BlockException {
        if (newSize % 512 != 0) {
            throw new BlockException(Errno.EINVAL, "The new size must be a multiple of 512");
        }
        long oldLength = (s.size + 511) & ~511L;
        long l1 = s.l1EntriesFor(newSize);
        if (l1 > Qcow2State.MAX_L1_SIZE / 8) {
            throw BlockException.withErrno(Errno.EFBIG, "Failed to grow the L1 table");
        }
        try {
            map.growL1((int) l1, true);
        } catch (BlockException e) {
            throw BlockException.withErrno(e.errno(), "Failed to grow the L1 table");
        }
        switch (prealloc) {
            case OFF -> {
                if (s.hasDataFile()) {
                    s.dataFile.truncate(newSize, false, Preallocation.OFF);
                }
            }
            case METADATA -> preallocateMetadata(oldLength, newSize, prealloc);
            case FALLOC, FULL -> {
                if (s.hasDataFile()) {
                    preallocateMetadata(oldLength, newSize, prealloc);
                } else {
                    preallocateData(oldLength, newSize, prealloc);
                }
            }
        }
        if (prealloc != Preallocation.OFF) {
            s.l2Cache.flush();
            s.refblockCache.flush();
        }
        s.size = newSize;
        s.header.size = newSize;
        byte[] b = new byte[8];
        Qcow2Io.putBe64(b, 0, newSize);
        Qcow2Io.write(s.file, 24, b);
    }

    /** preallocate_co: map the range with the allocating write path, no data written. */
    private void preallocateMetadata(long offset, long newLength, Preallocation mode)
            throws BlockException {
        long bytes = newLength - offset;
        long host = 0;
        long cur = 0;
        long maxChunk = (Integer.MAX_VALUE / s.clusterSize) * (long) s.clusterSize;
        while (bytes > 0) {
            cur = Math.min(bytes, maxChunk);
            List<Qcow2Writer.L2Meta> metas = new ArrayList<>();
            long[] r = writer.allocHostOffset(offset, cur, metas);
            host = r[0];
            cur = r[1];
            writer.performCow(metas);
            for (int i = metas.size() - 1; i >= 0; i--) {
                writer.linkPrealloc(metas.get(i));
            }
            bytes -= cur;
            offset += cur;
        }
        long fileLength = s.dataFile.length();
        long end = host + cur;
        if (end > fileLength) {
            Preallocation m = mode == Preallocation.METADATA ? Preallocation.OFF : mode;
            s.dataFile.truncate(end, false, m);
        }
    }

    /** The falloc / full branch of qcow2_co_truncate for an image without a data file. */
    private void preallocateData(long oldLength, long newSize, Preallocation prealloc)
            throws BlockException {
        long oldFileSize = Qcow2Writer.roundUp(s.file.length(), s.clusterSize);
        long lastCluster = lastUsedCluster(oldFileSize >>> s.clusterBits);
        oldFileSize = lastCluster >= 0 ? (lastCluster + 1) * s.clusterSize : 0;
        long newData = (Qcow2Writer.roundUp(newSize, s.clusterSize) - s.startOfCluster(oldLength))
                >>> s.clusterBits;
        long newL2 = Qcow2Refcounts.ceilDiv(newData, s.clusterSize / s.l2EntryBytes()) + 1;
        long allocationStart;
        try {
            allocationStart = s.refcounts.refcountArea(oldFileSize, newData + newL2, true, 0, 0);
        } catch (BlockException e) {
            throw BlockException.withErrno(e.errno(), "Failed to resize refcount structures");
        }
        long got = s.refcounts.allocClustersAt(allocationStart, newData);
        if (got != newData) {
            throw BlockException.withErrno(Errno.EIO, "Failed to allocate data clusters");
        }
        long newFileSize = allocationStart + newData * s.clusterSize;
        s.file.truncate(newFileSize, false, prealloc);
        long host = allocationStart;
        long guest = oldLength;
        long remaining = newData;
        while (remaining > 0) {
            int idx = (int) ((guest >>> s.clusterBits) & (s.l2Size - 1));
            long n = Math.min(remaining, s.l2Size - idx);
            long cowStart = s.offsetIntoCluster(guest);
            guest = s.startOfCluster(guest);
            writer.linkPrealloc(new Qcow2Writer.L2Meta(guest, host, (int) n, false, 0, cowStart,
                    n << s.clusterBits, 0));
            guest += n * s.clusterSize;
            host += n * s.clusterSize;
            remaining -= n;
        }
    }

    /** qcow2_get_last_cluster: the highest cluster below {@code size} with a refcount. */
    private long lastUsedCluster(long size) throws BlockException {
        for (long i = size - 1; i >= 0; i--) {
            if (s.refcounts.get(i) > 0) {
                return i;
            }
        }
        return -1;
    }
}
