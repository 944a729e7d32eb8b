package io.jiotests.engine.vpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The VHD dynamic disk header, 1024 bytes, big endian: 0 cookie "cxsparse", 8 data offset (all
 * ones), 16 table offset (the BAT, 64 bit), 24 header version, 28 max table entries, 32 block
 * size, 36 checksum, 40 parent UUID, 56 parent timestamp, 64 parent name (UTF-16, 512 bytes),
 * 576 eight parent locators of 24 bytes. qemu checks the cookie, block size and table size, not
 * the checksum.
 */
public final class VhdDynamicHeader extends VhdStructure {
    public static final int SIZE = 1024;
    static final byte[] COOKIE = "cxsparse".getBytes(StandardCharsets.US_ASCII);

    private VhdDynamicHeader(byte[] bytes) {
        super(bytes, SIZE, COOKIE);
    }

    public static VhdDynamicHeader parse(byte[] bytes) {
        return new VhdDynamicHeader(bytes);
    }

    /** The header qemu-img create writes: the BAT at {@code tableOffset}, {@code entries} blocks. */
    static VhdDynamicHeader forCreate(long tableOffset, int entries, int blockSize) {
        VhdDynamicHeader h = new VhdDynamicHeader(new byte[SIZE]);
        ByteBuffer b = h.be();
        b.put(0, COOKIE);
        b.putLong(8, -1L);
        b.putLong(16, tableOffset);
        b.putInt(24, 0x00010000);
        b.putInt(28, entries);
        b.putInt(32, blockSize);
        b.putInt(36, checksum(h.raw, 36));
        return h;
    }

    public long tableOffset() {
        return be().getLong(16);
    }

    /** The entry count as stored (unsigned 32 bit in an int). */
    public int maxTableEntries() {
        return be().getInt(28);
    }

    public long blockSize() {
        return Integer.toUnsignedLong(be().getInt(32));
    }
}
