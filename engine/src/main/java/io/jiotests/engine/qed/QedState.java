package io.jiotests.engine.qed;

import io.jiotests.engine.block.BlockBackend;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of an open QED image: the header, the geometry derived from it, the L1 table, a small
 * cache of L2 tables and the allocation point ({@link #fileSize}: new clusters are appended there;
 * at open it is the file length rounded down to a whole cluster, as in QEMU).
 *
 * <p>Table updates are written through immediately (only the 512-byte sectors holding changed
 * entries, as QEMU does), so the cache never holds anything that is not on disk.
 */
final class QedState {
    /** Tables bigger than this are refused rather than held in memory. */
    static final long MAX_TABLE_BYTES = 32L << 20;
    private static final long L2_CACHE_BYTES = 64L << 20;
    private static final int L2_CACHE_MAX_ENTRIES = 64;

    final BlockNode file;
    QedHeader header;
    final int clusterSize;
    final int tableNelems;
    final int l2Shift;
    final int l1Shift;
    long fileSize;
    QedTable l1;
    BlockNode backing;
    boolean writable;
    String backingFile;
    String backingFormat;
    private final Map<Long, QedTable> l2Cache;

    QedState(BlockNode file, QedHeader header, long fileSize) {
        this.file = file;
        this.header = header;
        this.clusterSize = (int) header.clusterSize;
        this.tableNelems = (int) (header.clusterSize * header.tableSize / 8);
        this.l2Shift = Integer.numberOfTrailingZeros(clusterSize);
        this.l1Shift = l2Shift + Integer.numberOfTrailingZeros(tableNelems);
        this.fileSize = fileSize;
        long tableBytes = (long) tableNelems * 8;
        int cap = (int) Math.max(1, Math.min(L2_CACHE_MAX_ENTRIES, L2_CACHE_BYTES / tableBytes));
        this.l2Cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, QedTable> eldest) {
                return size() > cap;
            }
        };
    }

    long offsetIntoCluster(long pos) {
        return pos & (clusterSize - 1);
    }

    long startOfCluster(long pos) {
        return pos & ~((long) clusterSize - 1);
    }

    /** Clusters needed to hold {@code bytes} bytes (rounded up). */
    long bytesToClusters(long bytes) {
        return (bytes + clusterSize - 1) >>> l2Shift;
    }

    int l1Index(long pos) {
        return (int) (pos >>> l1Shift);
    }

    int l2Index(long pos) {
        return (int) ((pos >>> l2Shift) & (tableNelems - 1));
    }

    /** Bytes of guest data one L2 table maps. */
    long l2Coverage() {
        return 1L << l1Shift;
    }

    /** A data cluster offset is valid: cluster-aligned, past the header and before the end of the file. */
    boolean checkClusterOffset(long offset) {
        if ((offset & (clusterSize - 1)) != 0) {
            return false;
        }
        long headerBytes = header.headerSize * header.clusterSize;
        return Long.compareUnsigned(offset, headerBytes) >= 0
                && Long.compareUnsigned(offset, fileSize) < 0;
    }

    /** A table offset is valid: its first and last cluster are valid (a one-cluster table never is, as in QEMU). */
    boolean checkTableOffset(long offset) {
        long end = offset + (header.tableSize - 1) * header.clusterSize;
        if (Long.compareUnsigned(end, offset) <= 0) {
            return false;
        }
        return checkClusterOffset(offset) && checkClusterOffset(end);
    }

    /** Reserves {@code n} clusters at the end of the file and returns the first one's offset. */
    long allocClusters(long n) {
        long offset = fileSize;
        fileSize += n * clusterSize;
        return offset;
    }

    /** Reads a whole table at {@code offset}; bytes past the end of the file read as zero. */
    QedTable readTable(long offset) throws BlockException {
        long[] entries = new long[tableNelems];
        int chunkEntries = Math.min(tableNelems, 1 << 17);
        byte[] buf = new byte[chunkEntries * 8];
        for (int first = 0; first < tableNelems; first += chunkEntries) {
            int n = Math.min(chunkEntries, tableNelems - first);
            readFile(offset + (long) first * 8, buf, 0, n * 8);
            QedTable.decode(buf, 0, entries, first, n);
        }
        return new QedTable(offset, entries);
    }

    /** The L2 table at {@code offset}, from the cache or the file. */
    QedTable l2Table(long offset) throws BlockException {
        QedTable t = l2Cache.get(offset);
        if (t == null) {
            t = readTable(offset);
            l2Cache.put(offset, t);
        }
        return t;
    }

    void cacheL2(QedTable t) {
        l2Cache.put(t.offset(), t);
    }

    void dropL2Cache() {
        l2Cache.clear();
    }

    /**
     * Writes the 512-byte sectors of {@code table} that hold entries [index, index + n), as QEMU's
     * qed_write_table does; {@code flush} then flushes the image file.
     */
    void writeTable(QedTable table, int index, int n, boolean flush) throws BlockException {
        int perSector = 512 / 8;
        int start = index & ~(perSector - 1);
        int end = Math.min(table.size(), (index + n + perSector - 1) & ~(perSector - 1));
        byte[] raw = table.encode(start, end - start);
        file.pwrite(table.offset() + (long) start * 8, ByteBuffer.wrap(raw), 0);
        if (flush) {
            file.flush();
        }
    }

    /** Rewrites the 64-byte header from {@link #header}. */
    void writeHeader() throws BlockException {
        file.pwrite(0, ByteBuffer.wrap(header.encode()), 0);
    }

    void readFile(long offset, byte[] dst, int pos, int len) throws BlockException {
        long fileLen = file.length();
        int avail = (int) Math.max(0, Math.min(len, fileLen - offset));
        if (avail > 0) {
            BlockBackend.readAligned(file, offset, ByteBuffer.wrap(dst, pos, avail));
        }
        if (avail < len) {
            Arrays.fill(dst, pos + Math.max(avail, 0), pos + len, (byte) 0);
        }
    }

    void writeFile(long offset, byte[] src, int pos, int len) throws BlockException {
        if (len > 0) {
            file.pwrite(offset, ByteBuffer.wrap(src, pos, len), 0);
        }
    }

    /**
     * Reads guest bytes from the backing file, or zeroes without one; the part past the end of the
     * backing file reads as zeroes.
     */
    void readBacking(long pos, byte[] dst, int off, int len) throws BlockException {
        long avail = 0;
        if (backing != null) {
            long blen = BlockBackend.sectorLength(backing);
            avail = Math.max(0, Math.min(len, blen - pos));
            if (avail > 0) {
                BlockBackend.readAligned(backing, pos, ByteBuffer.wrap(dst, off, (int) avail));
            }
        }
        if (avail < len) {
            Arrays.fill(dst, off + (int) avail, off + len, (byte) 0);
        }
    }

    static BlockException invalid() {
        return new BlockException(Errno.EINVAL);
    }
}
