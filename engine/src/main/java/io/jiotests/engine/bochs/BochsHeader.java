package io.jiotests.engine.bochs;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 512-byte header of a Bochs growing ("redolog") image, integers little endian: 0x00 magic
 * (32, NUL-terminated "Bochs Virtual HD Image"), 0x20 type (16, "Redolog"), 0x30 subtype (16,
 * "Growing"), 0x40 version (0x00020000, or 0x00010000 for version 1), 0x44 header size (where the
 * catalog starts), 0x48 catalog entries, 0x4c bitmap size, 0x50 extent size, then the disk size
 * (64 bit) at 0x58 in version 2 and at 0x54 in version 1.
 */
public final class BochsHeader {
    public static final int SIZE = 512;
    public static final int VERSION_2 = 0x00020000;
    public static final int VERSION_1 = 0x00010000;
    /** QEMU's bound on catalog entries (what bximage needs for ~8 TB). */
    public static final long MAX_CATALOG = 0x100000;
    /** QEMU's bound on the extent size. */
    public static final long MAX_EXTENT = 0x800000;

    private final byte[] raw;

    private BochsHeader(byte[] raw) {
        this.raw = raw;
    }

    public static BochsHeader parse(byte[] bytes) {
        return new BochsHeader(Arrays.copyOf(bytes, SIZE));
    }

    private ByteBuffer le() {
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** C strcmp of the NUL-terminated field at {@code off} against {@code text}. */
    private static boolean cstringEquals(byte[] b, int off, int max, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        if (off + t.length >= b.length) {
            return false;
        }
        return Arrays.equals(b, off, off + t.length, t, 0, t.length) && b[off + t.length] == 0;
    }

    /** The magic, type, subtype and version QEMU's probe and open require. */
    public static boolean matches(byte[] b) {
        if (b.length < SIZE) {
            return false;
        }
        int version = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(0x40);
        return cstringEquals(b, 0, 32, "Bochs Virtual HD Image")
                && cstringEquals(b, 0x20, 16, "Redolog")
                && cstringEquals(b, 0x30, 16, "Growing")
                && (version == VERSION_2 || version == VERSION_1);
    }

    public int version() {
        return le().getInt(0x40);
    }

    public long headerSize() {
        return Integer.toUnsignedLong(le().getInt(0x44));
    }

    public long catalogEntries() {
        return Integer.toUnsignedLong(le().getInt(0x48));
    }

    public long bitmapSize() {
        return Integer.toUnsignedLong(le().getInt(0x4c));
    }

    public long extentSize() {
        return Integer.toUnsignedLong(le().getInt(0x50));
    }

    /** The disk size in bytes as stored (unsigned 64 bit). */
    public long diskSize() {
        return le().getLong(version() == VERSION_1 ? 0x54 : 0x58);
    }

    /** The virtual size in sectors: the disk size divided by 512, unsigned. */
    public long totalSectors() {
        return Long.divideUnsigned(diskSize(), 512);
    }

    /** QEMU's checks after the magic, in its order and with its messages. */
    public void validate() throws BlockException {
        if (!matches(raw)) {
            throw new BlockException(Errno.EINVAL, "Image not in Bochs format");
        }
        if (catalogEntries() > MAX_CATALOG) {
            throw new BlockException(Errno.EFBIG, "Catalog size is too large");
        }
        long extent = extentSize();
        if (extent < 512) {
            throw new BlockException(Errno.EINVAL, "Extent size must be at least 512");
        }
        if (Long.bitCount(extent) != 1) {
            throw new BlockException(Errno.EINVAL, "Extent size " + extent + " is not a power of two");
        }
        if (extent > MAX_EXTENT) {
            throw new BlockException(Errno.EINVAL, "Extent size " + extent + " is too large");
        }
        if (catalogEntries() < Math.ceilDiv(totalSectors(), extent / 512)) {
            throw new BlockException(Errno.EINVAL, "Catalog size is too small for this disk size");
        }
    }

    /** Sectors of each extent's bitmap: QEMU's 1 + (bitmap - 1) / 512 in 32-bit unsigned arithmetic. */
    public long bitmapBlocks() {
        return (1 + Integer.toUnsignedLong((int) (bitmapSize() - 1)) / 512) & 0xffffffffL;
    }

    public long extentBlocks() {
        return (1 + Integer.toUnsignedLong((int) (extentSize() - 1)) / 512) & 0xffffffffL;
    }
}
