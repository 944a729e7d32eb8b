package io.jiotests.engine.crypto;

import java.nio.ByteBuffer;

/**
 * One of the eight key slots of a LUKS v1 header (48 bytes, big endian): whether it is active, its
 * PBKDF2 iterations and salt, where its key material starts (in 512-byte sectors) and its stripes.
 */
public record LuksKeySlot(int active, int iterations, byte[] salt, int keyOffsetSectors, int stripes) {
    public static final int SIZE = 48;
    public static final int ENABLED = 0x00AC71F3;
    public static final int DISABLED = 0x0000DEAD;
    public static final int SALT_LEN = 32;

    public boolean isActive() {
        return active == ENABLED;
    }

    static LuksKeySlot read(ByteBuffer b) {
        int active = b.getInt();
        int iterations = b.getInt();
        byte[] salt = new byte[SALT_LEN];
        b.get(salt);
        int offset = b.getInt();
        int stripes = b.getInt();
        return new LuksKeySlot(active, iterations, salt, offset, stripes);
    }

    void write(ByteBuffer b) {
        b.putInt(active).putInt(iterations).put(salt, 0, SALT_LEN).putInt(keyOffsetSectors).putInt(stripes);
    }

    /** Iterations as the unsigned 32-bit number stored. */
    public long iterationsUnsigned() {
        return Integer.toUnsignedLong(iterations);
    }

    public long keyOffsetBytes() {
        return Integer.toUnsignedLong(keyOffsetSectors) * LuksHeader.SECTOR_SIZE;
    }
}
