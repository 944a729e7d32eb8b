package io.jiotests.engine.crypto;

/**
 * Twofish (Schneier, Kelsey, Whiting, Wagner, Hall, Ferguson, 1998) with 128-, 192- and 256-bit
 * keys, written from the paper: 16 Feistel rounds with input and output whitening. The fixed
 * permutations q0 and q1 are built from their 4-bit tables (paper section 4.3.5); the key setup
 * precomputes the four key-dependent S-boxes combined with their MDS column ("full keying"), so a
 * round costs eight table lookups. Bytes are read as little-endian 32-bit words, as in the paper.
 */
final class Twofish implements BlockCipher {
    private static final int MDS_POLY = 0x169;
    private static final int RS_POLY = 0x14d;
    private static final int RHO = 0x01010101;
    private static final int[][] MDS = {
        {0x01, 0xef, 0x5b, 0x5b}, {0x5b, 0xef, 0xef, 0x01}, {0xef, 0x5b, 0x01, 0xef}, {0xef, 0x01, 0xef, 0x5b}};
    private static final int[][] RS = {
        {0x01, 0xa4, 0x55, 0x87, 0x5a, 0x58, 0xdb, 0x9e}, {0xa4, 0x56, 0x82, 0xf3, 0x1e, 0xc6, 0x68, 0xe5},
        {0x02, 0xa1, 0xfc, 0xc1, 0x47, 0xae, 0x3d, 0x19}, {0xa4, 0x55, 0x87, 0x5a, 0x58, 0xdb, 0x9e, 0x03}};
    /** The 4-bit tables t0..t3 of q0 and of q1. */
    private static final int[][] Q0_T = {
        {8, 1, 7, 13, 6, 15, 3, 2, 0, 11, 5, 9, 14, 12, 10, 4}, {14, 12, 11, 8, 1, 2, 3, 5, 15, 4, 10, 6, 7, 0, 9, 13},
        {11, 10, 5, 14, 6, 13, 9, 0, 12, 8, 15, 3, 2, 4, 7, 1}, {13, 7, 15, 4, 1, 2, 6, 14, 9, 11, 3, 0, 8, 5, 12, 10}};
    private static final int[][] Q1_T = {
        {2, 8, 11, 13, 15, 7, 6, 14, 3, 1, 9, 4, 0, 10, 12, 5}, {1, 14, 2, 11, 4, 12, 3, 7, 6, 13, 10, 5, 15, 9, 0, 8},
        {4, 12, 7, 5, 1, 6, 9, 10, 0, 14, 13, 8, 2, 11, 3, 15}, {11, 9, 5, 1, 12, 3, 13, 14, 6, 4, 7, 15, 2, 0, 8, 10}};
    /** q0 and q1 as 256-entry tables. */
    private static final int[][] Q = {permutation(Q0_T), permutation(Q1_T)};
    /**
     * For byte position j of h, which q permutation follows the XOR with L3, L2, L1, L0 (the first
     * two only for longer keys) and which one comes last (paper figure 2).
     */
    private static final int[][] Q_ORDER = {{1, 1, 0, 0, 1}, {0, 1, 1, 0, 0}, {0, 0, 0, 1, 1}, {1, 0, 1, 1, 0}};

    private final int[] subkeys = new int[40];
    private final int[] t0 = new int[256];
    private final int[] t1 = new int[256];
    private final int[] t2 = new int[256];
    private final int[] t3 = new int[256];

    Twofish(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("Twofish key of " + key.length + " bytes");
        }
        int k = key.length / 8;
        int[] even = new int[k];
        int[] odd = new int[k];
        int[] sboxKey = new int[k];
        for (int i = 0; i < k; i++) {
            even[i] = Bytes.le32(key, 8 * i);
            odd[i] = Bytes.le32(key, 8 * i + 4);
            sboxKey[k - 1 - i] = reedSolomon(key, 8 * i);
        }
        for (int i = 0; i < 20; i++) {
            int a = h(2 * i * RHO, even);
            int b = Integer.rotateLeft(h((2 * i + 1) * RHO, odd), 8);
            subkeys[2 * i] = a + b;
            subkeys[2 * i + 1] = Integer.rotateLeft(a + 2 * b, 9);
        }
        int[][] tables = {t0, t1, t2, t3};
        for (int j = 0; j < 4; j++) {
            for (int x = 0; x < 256; x++) {
                int s = sbox(j, x, sboxKey);
                tables[j][x] = mdsColumn(j, s);
            }
        }
    }

    @Override
    public int blockSize() {
        return 16;
    }

    private int g(int x) {
        return t0[x & 0xff] ^ t1[(x >>> 8) & 0xff] ^ t2[(x >>> 16) & 0xff] ^ t3[x >>> 24];
    }

    @Override
    public void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        int[] k = subkeys;
        int r0 = Bytes.le32(in, inOff) ^ k[0];
        int r1 = Bytes.le32(in, inOff + 4) ^ k[1];
        int r2 = Bytes.le32(in, inOff + 8) ^ k[2];
        int r3 = Bytes.le32(in, inOff + 12) ^ k[3];
        for (int r = 0; r < 16; r += 2) {
            int a = g(r0);
            int b = g(Integer.rotateLeft(r1, 8));
            r2 = Integer.rotateRight(r2 ^ (a + b + k[2 * r + 8]), 1);
            r3 = Integer.rotateLeft(r3, 1) ^ (a + 2 * b + k[2 * r + 9]);
            // the next round with the halves swapped, without moving them
            a = g(r2);
            b = g(Integer.rotateLeft(r3, 8));
            r0 = Integer.rotateRight(r0 ^ (a + b + k[2 * r + 10]), 1);
            r1 = Integer.rotateLeft(r1, 1) ^ (a + 2 * b + k[2 * r + 11]);
        }
        // after an even number of rounds the halves are back in place; the output undoes the last swap
        Bytes.putLe32(out, outOff, r2 ^ k[4]);
        Bytes.putLe32(out, outOff + 4, r3 ^ k[5]);
        Bytes.putLe32(out, outOff + 8, r0 ^ k[6]);
        Bytes.putLe32(out, outOff + 12, r1 ^ k[7]);
    }

    @Override
    public void decryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        int[] k = subkeys;
        int r2 = Bytes.le32(in, inOff) ^ k[4];
        int r3 = Bytes.le32(in, inOff + 4) ^ k[5];
        int r0 = Bytes.le32(in, inOff + 8) ^ k[6];
        int r1 = Bytes.le32(in, inOff + 12) ^ k[7];
        for (int r = 14; r >= 0; r -= 2) {
            int a = g(r2);
            int b = g(Integer.rotateLeft(r3, 8));
            r0 = Integer.rotateLeft(r0, 1) ^ (a + b + k[2 * r + 10]);
            r1 = Integer.rotateRight(r1 ^ (a + 2 * b + k[2 * r + 11]), 1);
            a = g(r0);
            b = g(Integer.rotateLeft(r1, 8));
            r2 = Integer.rotateLeft(r2, 1) ^ (a + b + k[2 * r + 8]);
            r3 = Integer.rotateRight(r3 ^ (a + 2 * b + k[2 * r + 9]), 1);
        }
        Bytes.putLe32(out, outOff, r0 ^ k[0]);
        Bytes.putLe32(out, outOff + 4, r1 ^ k[1]);
        Bytes.putLe32(out, outOff + 8, r2 ^ k[2]);
        Bytes.putLe32(out, outOff + 12, r3 ^ k[3]);
    }

    /** The function h of the paper: byte j of x through its q/XOR chain, then the MDS matrix. */
    private static int h(int x, int[] l) {
        int z = 0;
        for (int j = 0; j < 4; j++) {
            z ^= mdsColumn(j, sbox(j, (x >>> (8 * j)) & 0xff, l));
        }
        return z;
    }

    /** Byte position j of h before the MDS matrix, for input byte x and key words l (k of them). */
    private static int sbox(int j, int x, int[] l) {
        int[] order = Q_ORDER[j];
        int y = x;
        int k = l.length;
        if (k == 4) {
            y = Q[order[0]][y] ^ ((l[3] >>> (8 * j)) & 0xff);
        }
        if (k >= 3) {
            y = Q[order[1]][y] ^ ((l[2] >>> (8 * j)) & 0xff);
        }
        y = Q[order[2]][y] ^ ((l[1] >>> (8 * j)) & 0xff);
        y = Q[order[3]][y] ^ ((l[0] >>> (8 * j)) & 0xff);
        return Q[order[4]][y];
    }

    /** Column j of the MDS matrix times the byte s, as a little-endian word. */
    private static int mdsColumn(int j, int s) {
        int z = 0;
        for (int i = 0; i < 4; i++) {
            z |= multiply(MDS[i][j], s, MDS_POLY) << (8 * i);
        }
        return z;
    }

    /** The RS matrix times key bytes off..off+7, as a little-endian word. */
    private static int reedSolomon(byte[] key, int off) {
        int z = 0;
        for (int i = 0; i < 4; i++) {
            int s = 0;
            for (int c = 0; c < 8; c++) {
                s ^= multiply(RS[i][c], key[off + c] & 0xff, RS_POLY);
            }
            z |= s << (8 * i);
        }
        return z;
    }

    /** a * b in GF(2^8) modulo the polynomial {@code poly}. */
    static int multiply(int a, int b, int poly) {
        int r = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                r ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= poly;
            }
            b >>>= 1;
        }
        return r;
    }

    /** The 8-bit permutation defined by the four 4-bit tables {@code t} (paper section 4.3.5). */
    private static int[] permutation(int[][] t) {
        int[] q = new int[256];
        for (int x = 0; x < 256; x++) {
            int a = x >>> 4;
            int b = x & 15;
            int a1 = a ^ b;
            int b1 = (a ^ ror4(b) ^ (8 * a)) & 15;
            int a2 = t[0][a1];
            int b2 = t[1][b1];
            int a3 = a2 ^ b2;
            int b3 = (a2 ^ ror4(b2) ^ (8 * a2)) & 15;
            q[x] = (t[3][b3] << 4) | t[2][a3];
        }
        return q;
    }

    private static int ror4(int v) {
        return ((v >>> 1) | (v << 3)) & 15;
    }
}
