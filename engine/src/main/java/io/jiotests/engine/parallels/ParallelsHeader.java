package io.jiotests.engine.parallels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 64-byte Parallels image header, every integer little endian. Layout (byte offsets): 0x00
 * magic (16: "WithoutFreeSpace" for version 1 images whose BAT holds sector offsets,
 * "WithouFreSpacExt" for images whose BAT holds cluster numbers), 0x10 version (2), 0x14 heads,
 * 0x18 cylinders, 0x1c tracks (sectors per cluster), 0x20 BAT entries, 0x24 size in sectors (64
 * bit; only its low 32 bits count under the old magic), 0x2c in-use marker, 0x30 data offset (in
 * sectors), 0x34 flags, 0x38 format extension offset (64 bit, in sectors). The BAT of 32-bit
 * entries follows at 0x40.
 */
public final class ParallelsHeader {
    public static final int SIZE = 64;
    public static final int VERSION = 2;
    public static final int INUSE_MAGIC = 0x746f6e59;
    public static final byte[] MAGIC_V1 = "WithoutFreeSpace".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] MAGIC_V2 = "WithouFreSpacExt".getBytes(StandardCharsets.US_ASCII);
    static final int HEADS = 16;
    static final int SECTORS_PER_CYLINDER = 32;

    private static final int OFF_VERSION = 0x10;
    private static final int OFF_HEADS = 0x14;
    private static final int OFF_CYLINDERS = 0x18;
    private static final int OFF_TRACKS = 0x1c;
    private static final int OFF_BAT_ENTRIES = 0x20;
    private static final int OFF_NB_SECTORS = 0x24;
    private static final int OFF_INUSE = 0x2c;
    private static final int OFF_DATA_OFF = 0x30;
    private static final int OFF_EXT_OFF = 0x38;

    private final byte[] raw;

    private ParallelsHeader(byte[] raw) {
        this.raw = raw;
    }

    /** Wraps a copy of the first {@link #SIZE} bytes of {@code bytes} (zero padded). */
    public static ParallelsHeader parse(byte[] bytes) {
        return new ParallelsHeader(Arrays.copyOf(bytes, SIZE));
    }

    /** The header qemu-img create writes (new magic, geometry derived from the size). */
    public static ParallelsHeader forCreate(long size, long clusterSize, long batEntries, long dataOffSectors) {
        ParallelsHeader h = new ParallelsHeader(new byte[SIZE]);
        System.arraycopy(MAGIC_V2, 0, h.raw, 0, 16);
        ByteBuffer b = h.le();
        b.putInt(OFF_VERSION, VERSION);
        b.putInt(OFF_HEADS, HEADS);
        b.putInt(OFF_CYLINDERS, (int) (size / 512 / HEADS / SECTORS_PER_CYLINDER));
        b.putInt(OFF_TRACKS, (int) (clusterSize >> 9));
        b.putInt(OFF_BAT_ENTRIES, (int) batEntries);
        b.putLong(OFF_NB_SECTORS, (size + 511) / 512);
        b.putInt(OFF_DATA_OFF, (int) dataOffSectors);
        return h;
    }

    private ByteBuffer le() {
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }

    public byte[] toBytes() {
        return raw.clone();
    }

    public static boolean hasMagic(byte[] buf, byte[] magic) {
        return Arrays.equals(buf, 0, 16, magic, 0, 16);
    }

    public boolean isV1Magic() {
        return hasMagic(raw, MAGIC_V1);
    }

    public boolean isV2Magic() {
        return hasMagic(raw, MAGIC_V2);
    }

    public int version() {
        return le().getInt(OFF_VERSION);
    }

    /** Sectors per cluster. */
    public long tracks() {
        return Integer.toUnsignedLong(le().getInt(OFF_TRACKS));
    }

    public long batEntries() {
        return Integer.toUnsignedLong(le().getInt(OFF_BAT_ENTRIES));
    }

    public long nbSectors() {
        return le().getLong(OFF_NB_SECTORS);
    }

    public int inUse() {
        return le().getInt(OFF_INUSE);
    }

    public void setInUse(int value) {
        le().putInt(OFF_INUSE, value);
    }

    public long dataOffSectors() {
        return Integer.toUnsignedLong(le().getInt(OFF_DATA_OFF));
    }

    public long extOffSectors() {
        return le().getLong(OFF_EXT_OFF);
    }
}
