package io.jiotests.engine.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/** The VHDX checksum: CRC-32C over a structure with its 4-byte checksum field taken as zero, stored little endian. */
final class VhdxChecksum {
    private VhdxChecksum() {
    }

    static int compute(byte[] buf, int start, int length, int field) {
        CRC32C crc = new CRC32C();
        crc.update(buf, start, field - start);
        crc.update(new byte[4]);
        crc.update(buf, field + 4, start + length - field - 4);
        return (int) crc.getValue();
    }

    static boolean valid(byte[] buf, int start, int length, int field) {
        return le(buf).getInt(field) == compute(buf, start, length, field);
    }

    static void store(byte[] buf, int start, int length, int field) {
        le(buf).putInt(field, compute(buf, start, length, field));
    }

    static ByteBuffer le(byte[] buf) {
        return ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    }
}
