package io.jiotests.engine.vmdk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 512-byte header of a hosted sparse extent ("KDMV", VMware Virtual Disk Format 1.1), little
 * endian. Sector-valued fields (capacity, granularity, offsets) are kept as stored: callers bound
 * them before use. A streamOptimized image may carry {@link #GD_AT_END} as its GD offset; its real
 * header is then the footer copy near the end of the file.
 */
record VmdkSparseHeader(int version, int flags, long capacity, long granularity, long descOffset,
                        long descSize, int numGtesPerGt, long rgdOffset, long gdOffset,
                        long grainOffset, byte[] checkBytes, int compressAlgorithm) {
    static final int SIZE = 512;
    static final int MAGIC = 0x564d444b; // "KDMV" read little endian
    static final int FLAG_NL_DETECT = 1;
    static final int FLAG_RGD = 1 << 1;
    static final int FLAG_ZERO_GRAIN = 1 << 2;
    static final int FLAG_COMPRESS = 1 << 16;
    static final int FLAG_MARKER = 1 << 17;
    static final int COMPRESSION_DEFLATE = 1;
    static final long GD_AT_END = -1L;
    /** The newline detection bytes: "\n \r\n". */
    static final byte[] CHECK_BYTES = {'\n', ' ', '\r', '\n'};

    static boolean hasMagic(byte[] b, int length) {
        return length >= 4 && b[0] == 'K' && b[1] == 'D' && b[2] == 'M' && b[3] == 'V';
    }

    /** Decodes the header at the start of {@code b} (at least {@link #SIZE} bytes). */
    static VmdkSparseHeader parse(byte[] b, int off) {
        ByteBuffer h = ByteBuffer.wrap(b, off, SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        byte[] check = new byte[4];
        h.get(73, check);
        return new VmdkSparseHeader(h.getInt(4), h.getInt(8), h.getLong(12), h.getLong(20),
                h.getLong(28), h.getLong(36), h.getInt(44), h.getLong(48), h.getLong(56),
                h.getLong(64), check, Short.toUnsignedInt(h.getShort(77)));
    }

    byte[] encode() {
        ByteBuffer h = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, MAGIC);
        h.putInt(4, version);
        h.putInt(8, flags);
        h.putLong(12, capacity);
        h.putLong(20, granularity);
        h.putLong(28, descOffset);
        h.putLong(36, descSize);
        h.putInt(44, numGtesPerGt);
        h.putLong(48, rgdOffset);
        h.putLong(56, gdOffset);
        h.putLong(64, grainOffset);
        h.put(72, (byte) 0);
        h.put(73, checkBytes);
        h.putShort(77, (short) compressAlgorithm);
        return h.array();
    }

    boolean compressed() {
        return compressAlgorithm == COMPRESSION_DEFLATE; // QEMU goes by the algorithm, not the flag
    }

    boolean hasMarkers() {
        return (flags & FLAG_MARKER) != 0;
    }

    boolean hasZeroGrain() {
        return (flags & FLAG_ZERO_GRAIN) != 0;
    }

    boolean hasRedundantGd() {
        return (flags & FLAG_RGD) != 0;
    }

    VmdkSparseHeader withGdOffset(long newGdOffset) {
        return new VmdkSparseHeader(version, flags, capacity, granularity, descOffset, descSize,
                numGtesPerGt, rgdOffset, newGdOffset, grainOffset, checkBytes, compressAlgorithm);
    }
}
