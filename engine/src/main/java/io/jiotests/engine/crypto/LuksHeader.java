package io.jiotests.engine.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The LUKS version 1 partition header (592 bytes, big endian): magic "LUKS\xba\xbe", version,
 * cipher name and mode ("aes", "xts-plain64"), hash spec, payload offset (sectors), master key
 * length, master key digest with its salt and iterations, UUID, and eight {@link LuksKeySlot}s.
 */
public record LuksHeader(int version, String cipherName, String cipherMode, String hashSpec,
                         int payloadOffsetSectors, int keyBytes, byte[] mkDigest, byte[] mkDigestSalt,
                         int mkDigestIterations, String uuid, List<LuksKeySlot> slots) {
    public static final byte[] MAGIC = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};
    public static final int SIZE = 592;
    public static final int SECTOR_SIZE = 512;
    public static final int SLOTS = 8;
    public static final int DIGEST_LEN = 20;
    public static final int SALT_LEN = 32;
    public static final int STRIPES = 4000;
    private static final int NAME_LEN = 32;
    private static final int UUID_LEN = 40;

    public static boolean hasMagic(byte[] buf, int length) {
        if (length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buf[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Parses the fields; the caller checks magic and version. {@code buf} holds at least SIZE bytes. */
    public static LuksHeader parse(byte[] buf) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, SIZE).order(ByteOrder.BIG_ENDIAN);
        b.position(MAGIC.length);
        int version = Short.toUnsignedInt(b.getShort());
        String cipherName = string(b, NAME_LEN);
        String cipherMode = string(b, NAME_LEN);
        String hashSpec = string(b, NAME_LEN);
        int payload = b.getInt();
        int keyBytes = b.getInt();
        byte[] digest = new byte[DIGEST_LEN];
        b.get(digest);
        byte[] salt = new byte[SALT_LEN];
        b.get(salt);
        int iters = b.getInt();
        String uuid = string(b, UUID_LEN);
        List<LuksKeySlot> slots = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            slots.add(LuksKeySlot.read(b));
        }
        return new LuksHeader(version, cipherName, cipherMode, hashSpec, payload, keyBytes, digest, salt, iters,
                uuid, List.copyOf(slots));
    }

    public byte[] toBytes() {
        byte[] out = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.BIG_ENDIAN);
        b.put(MAGIC).putShort((short) version);
        putString(b, cipherName, NAME_LEN);
        putString(b, cipherMode, NAME_LEN);
        putString(b, hashSpec, NAME_LEN);
        b.putInt(payloadOffsetSectors).putInt(keyBytes).put(mkDigest, 0, DIGEST_LEN).put(mkDigestSalt, 0, SALT_LEN)
                .putInt(mkDigestIterations);
        putString(b, uuid, UUID_LEN);
        for (LuksKeySlot s : slots) {
            s.write(b);
        }
        return out;
    }

    public long payloadOffsetBytes() {
        return Integer.toUnsignedLong(payloadOffsetSectors) * SECTOR_SIZE;
    }

    /** The header with slot {@code index} replaced. */
    public LuksHeader withSlot(int index, LuksKeySlot slot) {
        List<LuksKeySlot> list = new ArrayList<>(slots);
        list.set(index, slot);
        return new LuksHeader(version, cipherName, cipherMode, hashSpec, payloadOffsetSectors, keyBytes, mkDigest,
                mkDigestSalt, mkDigestIterations, uuid, List.copyOf(list));
    }

    private static String string(ByteBuffer b, int len) {
        byte[] raw = new byte[len];
        b.get(raw);
        int n = 0;
        while (n < len && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static void putString(ByteBuffer b, String s, int len) {
        byte[] raw = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] field = new byte[len];
        System.arraycopy(raw, 0, field, 0, Math.min(raw.length, len - 1));
        b.put(field);
    }
}
