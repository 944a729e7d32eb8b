package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.DirtyBitmap;
import io.jiotests.engine.block.Errno;

/**
 * A bitmap table (docs/interop/qcow2.txt "Bitmap table"): big-endian 64-bit entries, one per
 * cluster of bitmap data. Bits 9-55 hold the data cluster's offset; with offset 0, bit 0 set means
 * the cluster's bits are all ones and clear means all zeroes; the other bits are reserved.
 */
final class Qcow2BitmapTable {
    static final long ENTRY_OFFSET_MASK = 0x00fffffffffffe00L;
    static final long ENTRY_FLAG_ALL_ONES = 1L;
    static final long ENTRY_RESERVED_MASK = 0xff000000000001feL;

    private Qcow2BitmapTable() {
    }

    /** Reads a table of {@code size} entries (size already bounded by the directory checks). */
    static long[] read(Qcow2State s, long offset, int size) throws BlockException {
        long bytes = 8L * size;
        if (offset < 0 || offset > s.file.length() - bytes) {
            // QEMU would read zeroes past the end of the file; a table there is refused instead
            throw new BlockException(Errno.EINVAL, "Could not read bitmap table: Input/output error");
        }
        byte[] raw = Qcow2Io.read(s.file, offset, (int) bytes);
        long[] t = new long[size];
        for (int i = 0; i < size; i++) {
            t[i] = Qcow2Io.be64(raw, i * 8);
        }
        return t;
    }

    /** Loads the bitmap data the table describes into {@code bm}, checking every entry. */
    static void loadData(Qcow2State s, long[] table, DirtyBitmap bm) throws BlockException {
        long bitsPerCluster = 8L * s.clusterSize;
        long fileLen = s.file.length();
        byte[] buf = new byte[s.clusterSize];
        for (int i = 0; i < table.length; i++) {
            long e = table[i];
            long off = e & ENTRY_OFFSET_MASK;
            if ((e & ENTRY_RESERVED_MASK) != 0 || s.offsetIntoCluster(off) != 0
                    || (off != 0 && (e & ENTRY_FLAG_ALL_ONES) != 0) || off > fileLen - s.clusterSize) {
                throw new BlockException(Errno.EINVAL, "Could not read bitmap_table table from image for bitmap '"
                        + bm.name() + "': Invalid argument");
            }
            long first = i * bitsPerCluster;
            if (off == 0) {
                if ((e & ENTRY_FLAG_ALL_ONES) != 0) {
                    bm.setBits(first, first + bitsPerCluster);
                }
                continue;
            }
            Qcow2Io.read(s.file, off, buf, 0, buf.length);
            bm.deserialize(first, buf);
        }
    }

    /**
     * Writes the data of {@code bm}: a cluster is allocated and written (whole) for every cluster
     * of bitmap data holding a set bit, in order; all-zero clusters get entry 0. Returns the table.
     */
    static long[] storeData(Qcow2State s, DirtyBitmap bm, int tableSize) throws BlockException {
        long[] table = new long[tableSize];
        long bitsPerCluster = 8L * s.clusterSize;
        byte[] buf = new byte[s.clusterSize];
        long bit = bm.nextSetBit(0);
        while (bit >= 0) {
            long cluster = bit / bitsPerCluster;
            long off = s.refcounts.allocClusters(s.clusterSize);
            table[(int) cluster] = off;
            bm.serialize(cluster * bitsPerCluster, buf);
            Qcow2Io.write(s.file, off, buf);
            bit = bm.nextSetBit((cluster + 1) * bitsPerCluster);
        }
        return table;
    }

    /** Allocates room for the table and writes it (only the entries' bytes); returns its offset. */
    static long write(Qcow2State s, long[] table) throws BlockException {
        byte[] raw = new byte[table.length * 8];
        for (int i = 0; i < table.length; i++) {
            Qcow2Io.putBe64(raw, i * 8, table[i]);
        }
        long off = s.refcounts.allocClusters(raw.length);
        Qcow2Io.write(s.file, off, raw);
        return off;
    }

    /** Frees the data clusters a table on disk references, then the table itself. */
    static void free(Qcow2State s, long offset, int size) throws BlockException {
        if (offset == 0 || size == 0) {
            return;
        }
        long[] table = read(s, offset, size);
        for (long e : table) {
            long off = e & ENTRY_OFFSET_MASK;
            if (off != 0) {
                s.refcounts.free(off, s.clusterSize, Qcow2Refcounts.DiscardType.ALWAYS);
            }
        }
        s.refcounts.free(offset, 8L * size, Qcow2Refcounts.DiscardType.OTHER);
    }
}
