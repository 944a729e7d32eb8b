package io.jiotests.engine.vhdx;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A VHDX region table, 64 KiB at 192 KiB (and its copy at 256 KiB), little endian: 0 signature
 * "regi", 4 CRC-32C over the 64 KiB, 8 entry count (at most 2047), then 32-byte entries from 16:
 * region GUID, file offset (64 bit), length (32 bit), flags (bit 0: required). qemu reads only the
 * first copy and needs the BAT and metadata regions.
 */
final class VhdxRegionTable {
    static final int SIZE = 64 * 1024;
    static final long TABLE1_OFFSET = 192 * 1024;
    static final long TABLE2_OFFSET = 256 * 1024;
    static final int MAX_ENTRIES = 2047;
    private static final byte[] SIGNATURE = "regi".getBytes(StandardCharsets.US_ASCII);

    /** One entry: the region's GUID, where it is and how long (unsigned), whether a reader must know it. */
    record Entry(byte[] guid, long offset, long length, boolean required) {
        long end() {
            return offset + length;
        }
    }

    final List<Entry> entries;

    private VhdxRegionTable(List<Entry> entries) {
        this.entries = entries;
    }

    /** The table or null when its signature, checksum or entry count is not valid. */
    static VhdxRegionTable parse(byte[] raw) {
        for (int i = 0; i < 4; i++) {
            if (raw[i] != SIGNATURE[i]) {
                return null;
            }
        }
        if (!VhdxChecksum.valid(raw, 0, SIZE, 4)) {
            return null;
        }
        ByteBuffer b = VhdxChecksum.le(raw);
        long count = Integer.toUnsignedLong(b.getInt(8));
        if (count > MAX_ENTRIES) {
            return null;
        }
        List<Entry> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = 16 + 32 * i;
            byte[] guid = new byte[VhdxGuid.SIZE];
            b.get(at, guid);
            list.add(new Entry(guid, b.getLong(at + 16), Integer.toUnsignedLong(b.getInt(at + 24)),
                    (b.getInt(at + 28) & 1) != 0));
        }
        return new VhdxRegionTable(list);
    }

    /** The table qemu-img create writes: the BAT then the metadata region, both required. */
    static byte[] forCreate(long batOffset, long batLength, long metadataOffset, long metadataLength) {
        byte[] raw = new byte[SIZE];
        ByteBuffer b = VhdxChecksum.le(raw);
        b.put(0, SIGNATURE);
        b.putInt(8, 2);
        b.put(16, VhdxGuid.BAT_REGION);
        b.putLong(32, batOffset);
        b.putInt(40, (int) batLength);
        b.putInt(44, 0);
        b.put(48, VhdxGuid.METADATA_REGION);
        b.putLong(64, metadataOffset);
        b.putInt(72, (int) metadataLength);
        b.putInt(76, 0);
        VhdxChecksum.store(raw, 0, SIZE, 4);
        return raw;
    }
}
