package io.jiotests.engine.crypto;

import static io.jiotests.engine.crypto.Cast128Sboxes.S1;
import static io.jiotests.engine.crypto.Cast128Sboxes.S2;
import static io.jiotests.engine.crypto.Cast128Sboxes.S3;
import static io.jiotests.engine.crypto.Cast128Sboxes.S4;
import static io.jiotests.engine.crypto.Cast128Sboxes.S5;
import static io.jiotests.engine.crypto.Cast128Sboxes.S6;
import static io.jiotests.engine.crypto.Cast128Sboxes.S7;
import static io.jiotests.engine.crypto.Cast128Sboxes.S8;

/**
 * CAST-128 (RFC 2144, QEMU's "cast5-128") with a 128-bit key: a 64-bit block, 16 Feistel rounds of
 * the three round-function types, big-endian words. The key schedule is the RFC's section 2.4:
 * the key bytes x0..xF and an intermediate z0..zF alternately recomputed from each other through
 * S5..S8, four subkeys taken from each; the first 16 are the masking keys, the next 16 (their low
 * five bits) the rotation keys.
 */
final class Cast128 implements BlockCipher {
    /**
     * The bytes whose S5, S6, S7, S8 entries make each subkey of a group of four, with the fifth
     * byte looked up in S5, S6, S7, S8 for the first, second, third and fourth subkey. Groups one
     * and three read z, groups two and four read x (RFC 2144 section 2.4.1).
     */
    private static final int[][][] GROUPS = {
        {{0x8, 0x9, 0x7, 0x6, 0x2}, {0xa, 0xb, 0x5, 0x4, 0x6}, {0xc, 0xd, 0x3, 0x2, 0x9}, {0xe, 0xf, 0x1, 0x0, 0xc}},
        {{0x3, 0x2, 0xc, 0xd, 0x8}, {0x1, 0x0, 0xe, 0xf, 0xd}, {0x7, 0x6, 0x8, 0x9, 0x3}, {0x5, 0x4, 0xa, 0xb, 0x7}},
        {{0x3, 0x2, 0xc, 0xd, 0x9}, {0x1, 0x0, 0xe, 0xf, 0xc}, {0x7, 0x6, 0x8, 0x9, 0x2}, {0x5, 0x4, 0xa, 0xb, 0x6}},
        {{0x8, 0x9, 0x7, 0x6, 0x3}, {0xa, 0xb, 0x5, 0x4, 0x7}, {0xc, 0xd, 0x3, 0x2, 0x8}, {0xe, 0xf, 0x1, 0x0, 0xd}}};
    private static final int[][] KEY_BOXES = {S5, S6, S7, S8};

    private final int[] masking = new int[16];
    private final int[] rotation = new int[16];

    Cast128(byte[] key) {
        if (key.length != 16) {
            throw new IllegalArgumentException("CAST-128 key of " + key.length + " bytes");
        }
        int[] x = new int[4];
        int[] z = new int[4];
        for (int i = 0; i < 4; i++) {
            x[i] = Bytes.be32(key, 4 * i);
        }
        int[] k = new int[32];
        for (int half = 0; half < 32; half += 16) {
            zFromX(z, x);
            group(k, half, GROUPS[0], z);
            xFromZ(x, z);
            group(k, half + 4, GROUPS[1], x);
            zFromX(z, x);
            group(k, half + 8, GROUPS[2], z);
            xFromZ(x, z);
            group(k, half + 12, GROUPS[3], x);
        }
        for (int i = 0; i < 16; i++) {
            masking[i] = k[i];
            rotation[i] = k[16 + i] & 31;
        }
    }

    private static int b(int[] w, int n) {
        return (w[n >>> 2] >>> (24 - 8 * (n & 3))) & 0xff;
    }

    private static void zFromX(int[] z, int[] x) {
        z[0] = x[0] ^ S5[b(x, 0xd)] ^ S6[b(x, 0xf)] ^ S7[b(x, 0xc)] ^ S8[b(x, 0xe)] ^ S7[b(x, 0x8)];
        z[1] = x[2] ^ S5[b(z, 0x0)] ^ S6[b(z, 0x2)] ^ S7[b(z, 0x1)] ^ S8[b(z, 0x3)] ^ S8[b(x, 0xa)];
        z[2] = x[3] ^ S5[b(z, 0x7)] ^ S6[b(z, 0x6)] ^ S7[b(z, 0x5)] ^ S8[b(z, 0x4)] ^ S5[b(x, 0x9)];
        z[3] = x[1] ^ S5[b(z, 0xa)] ^ S6[b(z, 0x9)] ^ S7[b(z, 0xb)] ^ S8[b(z, 0x8)] ^ S6[b(x, 0xb)];
    }

    private static void xFromZ(int[] x, int[] z) {
        x[0] = z[2] ^ S5[b(z, 0x5)] ^ S6[b(z, 0x7)] ^ S7[b(z, 0x4)] ^ S8[b(z, 0x6)] ^ S7[b(z, 0x0)];
        x[1] = z[0] ^ S5[b(x, 0x0)] ^ S6[b(x, 0x2)] ^ S7[b(x, 0x1)] ^ S8[b(x, 0x3)] ^ S8[b(z, 0x2)];
        x[2] = z[1] ^ S5[b(x, 0x7)] ^ S6[b(x, 0x6)] ^ S7[b(x, 0x5)] ^ S8[b(x, 0x4)] ^ S5[b(z, 0x1)];
        x[3] = z[3] ^ S5[b(x, 0xa)] ^ S6[b(x, 0x9)] ^ S7[b(x, 0xb)] ^ S8[b(x, 0x8)] ^ S6[b(z, 0x3)];
    }

    private static void group(int[] k, int at, int[][] spec, int[] w) {
        for (int j = 0; j < 4; j++) {
            int[] s = spec[j];
            k[at + j] = S5[b(w, s[0])] ^ S6[b(w, s[1])] ^ S7[b(w, s[2])] ^ S8[b(w, s[3])]
                    ^ KEY_BOXES[j][b(w, s[4])];
        }
    }

    @Override
    public int blockSize() {
        return 8;
    }

    /** Round function type 1 (rounds 1, 4, 7, 10, 13, 16) with subkey pair i (0-based). */
    private int f1(int i, int d) {
        int v = Integer.rotateLeft(masking[i] + d, rotation[i]);
        return ((S1[v >>> 24] ^ S2[(v >>> 16) & 0xff]) - S3[(v >>> 8) & 0xff]) + S4[v & 0xff];
    }

    /** Round function type 2 (rounds 2, 5, 8, 11, 14). */
    private int f2(int i, int d) {
        int v = Integer.rotateLeft(masking[i] ^ d, rotation[i]);
        return ((S1[v >>> 24] - S2[(v >>> 16) & 0xff]) + S3[(v >>> 8) & 0xff]) ^ S4[v & 0xff];
    }

    /** Round function type 3 (rounds 3, 6, 9, 12, 15). */
    private int f3(int i, int d) {
        int v = Integer.rotateLeft(masking[i] - d, rotation[i]);
        return ((S1[v >>> 24] + S2[(v >>> 16) & 0xff]) ^ S3[(v >>> 8) & 0xff]) - S4[v & 0xff];
    }

    @Override
    public void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        int l = Bytes.be32(in, inOff);
        int r = Bytes.be32(in, inOff + 4);
        // L_i = R_(i-1), R_i = L_(i-1) ^ f(R_(i-1)): two rounds per step without moving the halves
        l ^= f1(0, r);
        r ^= f2(1, l);
        l ^= f3(2, r);
        r ^= f1(3, l);
        l ^= f2(4, r);
        r ^= f3(5, l);
        l ^= f1(6, r);
        r ^= f2(7, l);
        l ^= f3(8, r);
        r ^= f1(9, l);
        l ^= f2(10, r);
        r ^= f3(11, l);
        l ^= f1(12, r);
        r ^= f2(13, l);
        l ^= f3(14, r);
        r ^= f1(15, l);
        Bytes.putBe32(out, outOff, r);
        Bytes.putBe32(out, outOff + 4, l);
    }

    @Override
    public void decryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        int r = Bytes.be32(in, inOff);
        int l = Bytes.be32(in, inOff + 4);
        r ^= f1(15, l);
        l ^= f3(14, r);
        r ^= f2(13, l);
        l ^= f1(12, r);
        r ^= f3(11, l);
        l ^= f2(10, r);
        r ^= f1(9, l);
        l ^= f3(8, r);
        r ^= f2(7, l);
        l ^= f1(6, r);
        r ^= f3(5, l);
        l ^= f2(4, r);
        r ^= f1(3, l);
        l ^= f3(2, r);
        r ^= f2(1, l);
        l ^= f1(0, r);
        Bytes.putBe32(out, outOff, l);
        Bytes.putBe32(out, outOff + 4, r);
    }
}
