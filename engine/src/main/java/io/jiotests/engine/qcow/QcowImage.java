package io.jiotests.engine.qcow;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.Preallocation;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * An open qcow v1 image's metadata: the L1 table (one 64-bit big-endian L2 table offset per
 * entry), L2 tables of {@code 2^l2_bits} entries, and the cluster allocation QEMU's qcow driver
 * does: every new L2 table and data cluster goes at the end of the file, rounded up to the
 * cluster size; L1 and L2 entries are written one by one as they change. An L2 entry with bit 63
 * set describes a compressed cluster: its size in bytes sits above bit {@code 63 - cluster_bits},
 * its offset below (not cluster aligned), the data raw deflate.
 */
final class QcowImage {
    static final long OFLAG_COMPRESSED = 1L << 63;
    /** L1 tables larger than this are read entry by entry from the file instead of held. */
    private static final int MAX_CACHED_L1 = 1 << 20;
    private static final int L2_CACHE_TABLES = 16;

    final BlockNode file;
    final QcowHeader header;
    final int clusterBits;
    final int clusterSize;
    final int l2Bits;
    final int l2Size;
    final long clusterOffsetMask;
    final int l1Size;
    final long length;
    /** Null when the table is too large to hold: entries are then read from the file. */
    private final long[] l1;
    private final Map<Long, long[]> l2Cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedCompressedOffset = -1;
    private final byte[] compressedCluster;

    QcowImage(BlockNode file, QcowHeader header, int l1Size) throws BlockException {
        this.file = file;
        this.header = header;
        this.clusterBits = header.clusterBits;
        this.clusterSize = 1 << clusterBits;
        this.l2Bits = header.l2Bits;
        this.l2Size = 1 << l2Bits;
        this.clusterOffsetMask = (1L << (63 - clusterBits)) - 1;
        this.l1Size = l1Size;
        this.length = header.size & ~511L;
        this.compressedCluster = new byte[clusterSize];
        if (l1Size <= MAX_CACHED_L1) {
            l1 = new long[l1Size];
            byte[] raw = read(header.l1TableOffset, l1Size * 8);
            ByteBuffer b = ByteBuffer.wrap(raw);
            for (int i = 0; i < l1Size; i++) {
                l1[i] = b.getLong();
            }
        } else {
            l1 = null;
        }
    }

    /** Reads from the file; what lies past its end reads as zeroes (as file-posix does). */
    byte[] read(long offset, int len) throws BlockException {
        byte[] b = new byte[len];
        readInto(offset, b, 0, len);
        return b;
    }

    void readInto(long offset, byte[] dst, int pos, int len) throws BlockException {
        if (offset < 0 || offset > Long.MAX_VALUE - len) {
            throw new BlockException(Errno.EIO);
        }
        long fileLen = file.length();
        int avail = (int) Math.max(0, Math.min(len, fileLen - offset));
        if (avail > 0) {
            file.pread(offset, ByteBuffer.wrap(dst, pos, avail));
        }
        Arrays.fill(dst, pos + avail, pos + len, (byte) 0);
    }

    private void writeFile(long offset, byte[] src, int pos, int len) throws BlockException {
        file.pwrite(offset, ByteBuffer.wrap(src, pos, len), 0);
    }

    private void writeEntry(long offset, long value) throws BlockException {
        byte[] b = ByteBuffer.allocate(8).putLong(value).array();
        writeFile(offset, b, 0, 8);
        file.flush(); // bdrv_pwrite_sync
    }

    private long l1Entry(int index) throws BlockException {
        if (l1 != null) {
            return l1[index];
        }
        return ByteBuffer.wrap(read(header.l1TableOffset + 8L * index, 8)).getLong();
    }

    private long[] l2Table(long l2Offset) throws BlockException {
        long[] t = l2Cache.get(l2Offset);
        if (t == null) {
            byte[] raw = read(l2Offset, l2Size * 8);
            t = new long[l2Size];
            ByteBuffer b = ByteBuffer.wrap(raw);
            for (int i = 0; i < l2Size; i++) {
                t[i] = b.getLong();
            }
            cache(l2Offset, t);
        }
        return t;
    }

    private void cache(long l2Offset, long[] t) {
        if (l2Cache.size() >= L2_CACHE_TABLES) {
            var it = l2Cache.entrySet().iterator();
            it.next();
            it.remove();
        }
        l2Cache.put(l2Offset, t);
    }

    /** The raw L2 entry of the guest cluster at {@code offset}; 0 if unallocated. */
    long lookup(long offset) throws BlockException {
        int l1Index = (int) (offset >>> (l2Bits + clusterBits));
        if (l1Index >= l1Size) {
            return 0;
        }
        long l2Offset = l1Entry(l1Index);
        if (l2Offset == 0) {
            return 0;
        }
        return l2Table(l2Offset)[(int) ((offset >>> clusterBits) & (l2Size - 1))];
    }

    /**
     * How many bytes from {@code offset} (at most {@code limit}) are unallocated: the rest of an
     * L1 entry's span without an L2 table, or a run of empty L2 entries. Lets block status answer
     * a sparse image in large runs instead of cluster by cluster.
     */
    long unallocatedRun(long offset, long limit) throws BlockException {
        int shift = l2Bits + clusterBits;
        int l1Index = (int) (offset >>> shift);
        long spanEnd = ((long) l1Index + 1) << shift;
        if (l1Index >= l1Size || l1Entry(l1Index) == 0) {
            return Math.min(limit, spanEnd - offset);
        }
        long[] table = l2Table(l1Entry(l1Index));
        int first = (int) ((offset >>> clusterBits) & (l2Size - 1));
        int i = first;
        while (i < l2Size && table[i] == 0) {
            i++;
        }
        long runEnd = (offset & ~((long) clusterSize - 1)) + ((long) (i - first) << clusterBits);
        return Math.min(limit, runEnd - offset);
    }

    boolean isCompressed(long entry) {
        return (entry & OFLAG_COMPRESSED) != 0;
    }

    /** decompress_cluster: the guest cluster of a compressed entry (the last one is kept). */
    byte[] decompress(long entry) throws BlockException {
        long offset = entry & clusterOffsetMask;
        if (cachedCompressedOffset != offset) {
            int csize = (int) ((entry >>> (63 - clusterBits)) & (clusterSize - 1));
            byte[] in = read(offset, csize);
            Inflater inf = new Inflater(true);
            try {
                inf.setInput(in);
                int done = 0;
                while (done < clusterSize) {
                    int n = inf.inflate(compressedCluster, done, clusterSize - done);
                    if (n == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                        break;
                    }
                    done += n;
                }
                if (done != clusterSize) {
                    cachedCompressedOffset = -1;
                    throw new BlockException(Errno.EIO);
                }
            } catch (DataFormatException e) {
                cachedCompressedOffset = -1;
                throw new BlockException(Errno.EIO);
            } finally {
                inf.end();
            }
            cachedCompressedOffset = offset;
        }
        return compressedCluster;
    }

    private long endOfFileCluster() throws BlockException {
        long end = file.length();
        long aligned = (end + clusterSize - 1) & ~((long) clusterSize - 1);
        if (aligned < 0 || aligned > Long.MAX_VALUE - clusterSize) {
            throw new BlockException(Errno.E2BIG);
        }
        return aligned;
    }

    /**
     * get_cluster_offset with allocation: the host offset of the guest cluster at
     * {@code offset}, allocating its L2 table and the cluster at the end of the file if needed.
     * {@code compressedSize} > 0 asks for room for that many compressed bytes instead (QEMU then
     * returns an already allocated cluster as it is, even a normal one).
     * {@code wholeCluster}: the write covers the whole cluster (a compressed cluster need not be
     * decompressed into the new one first).
     */
    long allocate(long offset, int compressedSize, boolean wholeCluster) throws BlockException {
        int l1Index = (int) (offset >>> (l2Bits + clusterBits));
        if (l1Index >= l1Size) {
            throw new BlockException(Errno.EIO);
        }
        long l2Offset = l1Entry(l1Index);
        long[] table;
        if (l2Offset == 0) {
            l2Offset = endOfFileCluster();
            if (l1 != null) {
                l1[l1Index] = l2Offset;
            }
            writeEntry(header.l1TableOffset + 8L * l1Index, l2Offset);
            table = new long[l2Size];
            writeFile(l2Offset, new byte[l2Size * 8], 0, l2Size * 8);
            file.flush();
            l2Cache.remove(l2Offset);
            cache(l2Offset, table);
        } else {
            table = l2Table(l2Offset);
        }
        int l2Index = (int) ((offset >>> clusterBits) & (l2Size - 1));
        long entry = table[l2Index];
        boolean normalWrite = compressedSize == 0;
        if (entry == 0 || (isCompressed(entry) && normalWrite)) {
            long hostOffset;
            if (isCompressed(entry) && !wholeCluster) {
                byte[] data = decompress(entry);
                hostOffset = endOfFileCluster();
                writeFile(hostOffset, data, 0, clusterSize);
            } else {
                // bdrv_getlength: the file's length in whole sectors
                hostOffset = (file.length() + 511) & ~511L;
                if (normalWrite) {
                    hostOffset = endOfFileCluster();
                    file.truncate(hostOffset + clusterSize, false, Preallocation.OFF);
                } else {
                    hostOffset |= OFLAG_COMPRESSED | ((long) compressedSize << (63 - clusterBits));
                }
            }
            table[l2Index] = hostOffset;
            entry = hostOffset;
            writeEntry(l2Offset + 8L * l2Index, hostOffset);
        }
        return entry & clusterOffsetMask;
    }

    /** Data written over the cached compressed cluster invalidates its decompressed copy. */
    void forgetCompressed(long hostOffset) {
        if (hostOffset == cachedCompressedOffset) {
            cachedCompressedOffset = -1;
        }
    }
}
