package io.jiotests.engine.vhdx;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * GUIDs as VHDX stores them: 16 bytes in the Windows mixed-endian layout (Data1 32 bit, Data2 and
 * Data3 16 bit little endian, Data4 the 8 remaining bytes as they are). The well-known region and
 * metadata item GUIDs of MS-VHDX are given in their canonical text form and converted here.
 */
final class VhdxGuid {
    static final int SIZE = 16;
    static final byte[] ZERO = new byte[SIZE];

    static final byte[] BAT_REGION = parse("2DC27766-F623-4200-9D64-115E9BFD4A08");
    static final byte[] METADATA_REGION = parse("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    static final byte[] FILE_PARAMETERS = parse("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
    static final byte[] VIRTUAL_DISK_SIZE = parse("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    static final byte[] PAGE83_DATA = parse("BECA12AB-B2E6-4523-93EF-C309E000C746");
    static final byte[] LOGICAL_SECTOR_SIZE = parse("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");
    static final byte[] PHYSICAL_SECTOR_SIZE = parse("CDA348C7-445D-4471-9CC9-E9885251C556");
    static final byte[] PARENT_LOCATOR = parse("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");

    /** Created on first use: SecureRandom initialises the security providers (slow). */
    private static final class RandomHolder {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    private VhdxGuid() {
    }

    /** The on-disk bytes of a GUID written as {@code XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}. */
    static byte[] parse(String text) {
        String hex = text.replace("-", "");
        byte[] be = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            be[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        byte[] out = be.clone();
        for (int i = 0; i < 4; i++) {
            out[i] = be[3 - i];
        }
        out[4] = be[5];
        out[5] = be[4];
        out[6] = be[7];
        out[7] = be[6];
        return out;
    }

    /** A random (version 4) GUID, its bytes in RFC 4122 order as qemu stores new GUIDs. */
    static byte[] random() {
        byte[] g = new byte[SIZE];
        RandomHolder.INSTANCE.nextBytes(g);
        g[6] = (byte) ((g[6] & 0x0f) | 0x40);
        g[8] = (byte) ((g[8] & 0x3f) | 0x80);
        return g;
    }

    static boolean isZero(byte[] guid) {
        return Arrays.equals(guid, ZERO);
    }

    static boolean at(byte[] buf, int offset, byte[] guid) {
        return Arrays.equals(buf, offset, offset + SIZE, guid, 0, SIZE);
    }
}
