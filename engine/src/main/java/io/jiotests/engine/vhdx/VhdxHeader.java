package io.jiotests.engine.vhdx;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A VHDX header, one of the two 4 KiB copies at 64 KiB and 128 KiB, little endian: 0 signature
 * "head", 4 CRC-32C over the 4 KiB, 8 sequence number (the valid copy with the higher one is
 * current), 16 file write GUID, 32 data write GUID, 48 log GUID (zero: the log is empty), 64 log
 * version (0), 66 version (1), 68 log length, 72 log offset. The rest is reserved and kept as read.
 */
final class VhdxHeader {
    static final int SIZE = 4096;
    static final long HEADER1_OFFSET = 64 * 1024;
    static final long HEADER2_OFFSET = 128 * 1024;
    private static final byte[] SIGNATURE = "head".getBytes(StandardCharsets.US_ASCII);

    private final byte[] raw;

    private VhdxHeader(byte[] raw) {
        this.raw = raw;
    }

    static VhdxHeader parse(byte[] bytes) {
        byte[] copy = new byte[SIZE];
        System.arraycopy(bytes, 0, copy, 0, Math.min(SIZE, bytes.length));
        return new VhdxHeader(copy);
    }

    /** The header qemu-img create writes (before its checksum): log at {@code logOffset}, version 1. */
    static VhdxHeader forCreate(long sequence, byte[] fileWriteGuid, byte[] dataWriteGuid, long logOffset,
                                long logLength) {
        VhdxHeader h = new VhdxHeader(new byte[SIZE]);
        System.arraycopy(SIGNATURE, 0, h.raw, 0, 4);
        ByteBuffer b = h.le();
        b.putLong(8, sequence);
        b.put(16, fileWriteGuid);
        b.put(32, dataWriteGuid);
        b.putShort(64, (short) 0);
        b.putShort(66, (short) 1);
        b.putInt(68, (int) logLength);
        b.putLong(72, logOffset);
        return h;
    }

    private ByteBuffer le() {
        return VhdxChecksum.le(raw);
    }

    /** The 4 KiB with a fresh checksum. */
    byte[] toBytes() {
        byte[] out = raw.clone();
        VhdxChecksum.store(out, 0, SIZE, 4);
        return out;
    }

    /** Signature, checksum and version 1: a header qemu accepts as a candidate. */
    boolean valid() {
        for (int i = 0; i < 4; i++) {
            if (raw[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return VhdxChecksum.valid(raw, 0, SIZE, 4) && version() == 1;
    }

    /** A copy with the next sequence number, the given file write GUID, and optionally new data write / log GUIDs. */
    VhdxHeader successor(long sequence, byte[] fileWriteGuid, byte[] dataWriteGuid, byte[] logGuid) {
        VhdxHeader h = new VhdxHeader(raw.clone());
        ByteBuffer b = h.le();
        b.putLong(8, sequence);
        b.put(16, fileWriteGuid);
        if (dataWriteGuid != null) {
            b.put(32, dataWriteGuid);
        }
        if (logGuid != null) {
            b.put(48, logGuid);
        }
        return h;
    }

    long sequence() {
        return le().getLong(8);
    }

    byte[] logGuid() {
        byte[] g = new byte[VhdxGuid.SIZE];
        le().get(48, g);
        return g;
    }

    int logVersion() {
        return le().getShort(64) & 0xffff;
    }

    int version() {
        return le().getShort(66) & 0xffff;
    }

    /** The log length as stored (unsigned 32 bit). */
    long logLength() {
        return Integer.toUnsignedLong(le().getInt(68));
    }

    long logOffset() {
        return le().getLong(72);
    }
}
