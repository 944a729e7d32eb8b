package io.jiotests.engine.qed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The QED header (docs/interop/qed_spec.txt): 64 little-endian bytes at offset 0 of the image.
 *
 * <pre>
 *  0 magic "QED\0"           4 cluster_size (bytes)     8 table_size (clusters)
 * 12 header_size (clusters) 16 features                24 compat_features
 * 32 autoclear_features     40 l1_table_offset         48 image_size
 * 56 backing_filename_offset (bytes from 0)            60 backing_filename_size
 * </pre>
 *
 * All fields are kept as read (unsigned 32-bit fields in longs); validation is the opener's job.
 */
public final class QedHeader {
    /** "QED\0" read as a little-endian 32-bit number. */
    public static final int MAGIC = 'Q' | ('E' << 8) | ('D' << 16);
    public static final int SIZE = 64;

    /** The image has a backing file. */
    public static final long F_BACKING_FILE = 0x01;
    /** The image may be inconsistent (set while allocating writes are in flight). */
    public static final long F_NEED_CHECK = 0x02;
    /** The backing file is raw: do not probe its format. */
    public static final long F_BACKING_FORMAT_NO_PROBE = 0x04;
    /** Every feature bit this implementation knows. */
    public static final long FEATURE_MASK = F_BACKING_FILE | F_NEED_CHECK | F_BACKING_FORMAT_NO_PROBE;
    /** No compatible or autoclear features are known. */
    public static final long COMPAT_FEATURE_MASK = 0;
    public static final long AUTOCLEAR_FEATURE_MASK = 0;

    public static final int MIN_CLUSTER_SIZE = 4096;
    public static final int MAX_CLUSTER_SIZE = 64 << 20;
    public static final int DEFAULT_CLUSTER_SIZE = 64 << 10;
    public static final int MIN_TABLE_SIZE = 1;
    public static final int MAX_TABLE_SIZE = 16;
    public static final int DEFAULT_TABLE_SIZE = 4;

    public int magic;
    public long clusterSize;
    public long tableSize;
    public long headerSize;
    public long features;
    public long compatFeatures;
    public long autoclearFeatures;
    public long l1TableOffset;
    public long imageSize;
    public long backingFilenameOffset;
    public long backingFilenameSize;

    /** Decodes the first 64 bytes of {@code b} (shorter input reads as zero-padded). */
    public static QedHeader parse(byte[] b, int length) {
        byte[] full = new byte[SIZE];
        System.arraycopy(b, 0, full, 0, Math.min(SIZE, Math.max(0, length)));
        ByteBuffer bb = ByteBuffer.wrap(full).order(ByteOrder.LITTLE_ENDIAN);
        QedHeader h = new QedHeader();
        h.magic = bb.getInt(0);
        h.clusterSize = Integer.toUnsignedLong(bb.getInt(4));
        h.tableSize = Integer.toUnsignedLong(bb.getInt(8));
        h.headerSize = Integer.toUnsignedLong(bb.getInt(12));
        h.features = bb.getLong(16);
        h.compatFeatures = bb.getLong(24);
        h.autoclearFeatures = bb.getLong(32);
        h.l1TableOffset = bb.getLong(40);
        h.imageSize = bb.getLong(48);
        h.backingFilenameOffset = Integer.toUnsignedLong(bb.getInt(56));
        h.backingFilenameSize = Integer.toUnsignedLong(bb.getInt(60));
        return h;
    }

    /** The 64 header bytes, little-endian. */
    public byte[] encode() {
        ByteBuffer bb = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, magic);
        bb.putInt(4, (int) clusterSize);
        bb.putInt(8, (int) tableSize);
        bb.putInt(12, (int) headerSize);
        bb.putLong(16, features);
        bb.putLong(24, compatFeatures);
        bb.putLong(32, autoclearFeatures);
        bb.putLong(40, l1TableOffset);
        bb.putLong(48, imageSize);
        bb.putInt(56, (int) backingFilenameOffset);
        bb.putInt(60, (int) backingFilenameSize);
        return bb.array();
    }

    public QedHeader copy() {
        return parse(encode(), SIZE);
    }

    public boolean hasBackingFile() {
        return (features & F_BACKING_FILE) != 0;
    }

    public boolean needCheck() {
        return (features & F_NEED_CHECK) != 0;
    }

    /** A power of two in [4 KiB, 64 MiB]. */
    public static boolean isClusterSizeValid(long clusterSize) {
        return clusterSize >= MIN_CLUSTER_SIZE && clusterSize <= MAX_CLUSTER_SIZE
                && Long.bitCount(clusterSize) == 1;
    }

    /** A power of two in [1, 16]. */
    public static boolean isTableSizeValid(long tableSize) {
        return tableSize >= MIN_TABLE_SIZE && tableSize <= MAX_TABLE_SIZE
                && Long.bitCount(tableSize) == 1;
    }

    /**
     * The largest image two table levels can map: entries per table squared times the cluster
     * size, computed like QEMU in 64-bit unsigned arithmetic, which wraps for the largest cluster
     * and table sizes (64 MiB clusters with 16-cluster tables give 0).
     */
    public static long maxImageSize(long clusterSize, long tableSize) {
        long entries = clusterSize * tableSize / 8;
        return entries * clusterSize * entries;
    }

    /** Sector-aligned and not above {@link #maxImageSize} (unsigned), as QEMU checks it. */
    public static boolean isImageSizeValid(long imageSize, long clusterSize, long tableSize) {
        return imageSize % 512 == 0
                && Long.compareUnsigned(imageSize, maxImageSize(clusterSize, tableSize)) <= 0;
    }
}
