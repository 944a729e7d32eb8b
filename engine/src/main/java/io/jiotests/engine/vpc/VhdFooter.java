package io.jiotests.engine.vpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The VHD footer (hard disk footer), 512 bytes, every integer big endian. A dynamic image has a
 * copy at offset 0 and the footer after the last block; a fixed image only at the end. Layout
 * (byte offsets): 0 cookie "conectix", 8 features, 12 format version, 16 data offset (64 bit, the
 * dynamic header; all ones for fixed), 24 timestamp (seconds since 2000-01-01 UTC), 28 creator
 * application (4 chars), 32 creator version, 36 creator host OS, 40 original size (64 bit),
 * 48 current size (64 bit), 56 geometry (cylinders 16 bit, heads 8, sectors per track 8),
 * 60 disk type, 64 checksum (one's complement of the byte sum with this field zero), 68 UUID,
 * 84 saved state. Bytes that qemu does not interpret are kept as read.
 */
public final class VhdFooter extends VhdStructure {
    public static final int SIZE = 512;
    public static final int TYPE_FIXED = 2;
    public static final int TYPE_DYNAMIC = 3;
    public static final int TYPE_DIFFERENCING = 4;
    static final byte[] COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
    /** 2000-01-01T00:00:00Z in Unix seconds: the VHD epoch. */
    static final long VHD_EPOCH = 946684800L;

    private VhdFooter(byte[] bytes) {
        super(bytes, SIZE, COOKIE);
    }

    public static VhdFooter parse(byte[] bytes) {
        return new VhdFooter(bytes);
    }

    /**
     * The footer qemu-img create writes: creator "qemu" 5.3 on "Wi2k" ("qem2" when the size is
     * forced, telling readers to use the current size rather than the geometry), a random UUID,
     * the checksum.
     */
    static VhdFooter forCreate(boolean fixed, boolean forcedSize, long totalBytes, int cyls, int heads,
                               int secs, long unixSeconds, SecureRandom random) {
        VhdFooter f = new VhdFooter(new byte[SIZE]);
        ByteBuffer b = f.be();
        b.put(0, COOKIE);
        b.putInt(8, 2);
        b.putInt(12, 0x00010000);
        b.putLong(16, fixed ? -1L : SIZE);
        b.putInt(24, (int) (unixSeconds - VHD_EPOCH));
        b.put(28, (forcedSize ? "qem2" : "qemu").getBytes(StandardCharsets.US_ASCII));
        b.putInt(32, 0x00050003);
        b.put(36, "Wi2k".getBytes(StandardCharsets.US_ASCII));
        b.putLong(40, totalBytes);
        b.putLong(48, totalBytes);
        b.putShort(56, (short) cyls);
        b.put(58, (byte) heads);
        b.put(59, (byte) secs);
        b.putInt(60, fixed ? TYPE_FIXED : TYPE_DYNAMIC);
        byte[] uuid = new byte[16];
        random.nextBytes(uuid);
        uuid[6] = (byte) ((uuid[6] & 0x0f) | 0x40);
        uuid[8] = (byte) ((uuid[8] & 0x3f) | 0x80);
        b.put(68, uuid);
        b.putInt(64, checksum(f.raw, 64));
        return f;
    }

    public boolean checksumValid() {
        return be().getInt(64) == checksum(raw, 64);
    }

    public long dataOffset() {
        return be().getLong(16);
    }

    public String creatorApp() {
        return new String(raw, 28, 4, StandardCharsets.ISO_8859_1);
    }

    public long currentSize() {
        return be().getLong(48);
    }

    public int cylinders() {
        return be().getShort(56) & 0xffff;
    }

    public int heads() {
        return raw[58] & 0xff;
    }

    public int sectorsPerTrack() {
        return raw[59] & 0xff;
    }

    public int diskType() {
        return be().getInt(60);
    }
}
