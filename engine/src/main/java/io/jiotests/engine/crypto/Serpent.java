package io.jiotests.engine.crypto;

/**
 * Serpent (Anderson, Biham, Knudsen, 1998) with 128-, 192- and 256-bit keys in its bitslice form:
 * 32 rounds of key mixing, one of eight 4-bit S-boxes applied across the four 32-bit words, and
 * the linear transformation. Block and key bytes are little-endian words, first word first: the
 * byte order of the Linux kernel, nettle and libgcrypt (and so of LUKS volumes), which is the
 * reverse of the hex strings in the submission's test files. Each bitsliced S-box below is the
 * algebraic normal form of its table in {@link #SBOX} (products of input words, XORed), written out
 * by a generator so that a round is straight-line code; the key schedule applies the tables
 * directly, and the test vectors check both.
 */
final class Serpent implements BlockCipher {
    private static final int PHI = 0x9e3779b9;
    /** The eight S-boxes of the specification (table 1), S0 to S7. */
    static final int[][] SBOX = {
        {3, 8, 15, 1, 10, 6, 5, 11, 14, 13, 4, 2, 7, 0, 9, 12},
        {15, 12, 2, 7, 9, 0, 5, 10, 1, 11, 14, 8, 6, 13, 3, 4},
        {8, 6, 7, 9, 3, 12, 10, 15, 13, 1, 14, 4, 0, 11, 5, 2},
        {0, 15, 11, 8, 12, 9, 6, 3, 13, 1, 2, 4, 10, 7, 5, 14},
        {1, 15, 8, 3, 12, 0, 11, 6, 2, 5, 4, 10, 9, 14, 7, 13},
        {15, 5, 2, 11, 4, 10, 9, 12, 0, 3, 14, 8, 13, 6, 7, 1},
        {7, 2, 12, 5, 8, 4, 6, 11, 14, 9, 1, 15, 13, 3, 10, 0},
        {1, 13, 15, 0, 14, 8, 2, 11, 7, 4, 12, 10, 9, 3, 5, 6}};

    /** The 33 round keys K0..K32, four words each. */
    private final int[] roundKeys = new int[132];

    Serpent(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("Serpent key of " + key.length + " bytes");
        }
        // a short key is padded to 256 bits with a single 1 bit after its last bit
        byte[] full = new byte[32];
        System.arraycopy(key, 0, full, 0, key.length);
        if (key.length < 32) {
            full[key.length] = 1;
        }
        int[] w = new int[140];
        for (int i = 0; i < 8; i++) {
            w[i] = Bytes.le32(full, 4 * i);
        }
        for (int i = 8; i < 140; i++) {
            w[i] = Integer.rotateLeft(w[i - 8] ^ w[i - 5] ^ w[i - 3] ^ w[i - 1] ^ PHI ^ (i - 8), 11);
        }
        for (int i = 0; i < 33; i++) {
            int[] box = SBOX[(3 - i + 32) % 8];
            int b = 8 + 4 * i;
            int y0 = 0;
            int y1 = 0;
            int y2 = 0;
            int y3 = 0;
            for (int bit = 0; bit < 32; bit++) {
                int nibble = ((w[b] >>> bit) & 1) | ((w[b + 1] >>> bit) & 1) << 1
                        | ((w[b + 2] >>> bit) & 1) << 2 | ((w[b + 3] >>> bit) & 1) << 3;
                int s = box[nibble];
                y0 |= (s & 1) << bit;
                y1 |= ((s >>> 1) & 1) << bit;
                y2 |= ((s >>> 2) & 1) << bit;
                y3 |= ((s >>> 3) & 1) << bit;
            }
            roundKeys[4 * i] = y0;
            roundKeys[4 * i + 1] = y1;
            roundKeys[4 * i + 2] = y2;
            roundKeys[4 * i + 3] = y3;
        }
    }

    @Override
    public int blockSize() {
        return 16;
    }

    @Override
    public void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        int[] k = roundKeys;
        int x0 = Bytes.le32(in, inOff);
        int x1 = Bytes.le32(in, inOff + 4);
        int x2 = Bytes.le32(in, inOff + 8);
        int x3 = Bytes.le32(in, inOff + 12);
        for (int r = 0; r < 32; r += 8) {
            x0 ^= k[4 * r]; x1 ^= k[4 * r + 1]; x2 ^= k[4 * r + 2]; x3 ^= k[4 * r + 3];
            { // S0
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m012 = m01 & x2;
                int m03 = x0 & x3; int m13 = x1 & x3; int m023 = m02 & x3; int m123 = m12 & x3;
                int y0 = ~(x0 ^ m01 ^ x2 ^ m02 ^ m12 ^ m012 ^ x3 ^ m023 ^ m123);
                int y1 = ~(x0 ^ m02 ^ m12 ^ m012 ^ m13 ^ m023 ^ m123);
                int y2 = x1 ^ m01 ^ m02 ^ m012 ^ x3 ^ m13 ^ m123; int y3 = x0 ^ x1 ^ x2 ^ x3 ^ m03; x0 = y0;
                x1 = y1; x2 = y2; x3 = y3;
            }
            x0 = Integer.rotateLeft(x0, 13); x2 = Integer.rotateLeft(x2, 3); x1 ^= x0 ^ x2; x3 ^= x2 ^ (x0 << 3);
            x1 = Integer.rotateLeft(x1, 1); x3 = Integer.rotateLeft(x3, 7); x0 ^= x1 ^ x3; x2 ^= x3 ^ (x1 << 7);
            x0 = Integer.rotateLeft(x0, 5); x2 = Integer.rotateLeft(x2, 22);
            x0 ^= k[4 * r + 4]; x1 ^= k[4 * r + 4 + 1]; x2 ^= k[4 * r + 4 + 2]; x3 ^= k[4 * r + 4 + 3];
            { // S1
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m03 = x0 & x3;
                int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3; int m023 = m02 & x3;
                int m123 = m12 & x3; int y0 = ~(x0 ^ x1 ^ m12 ^ m03 ^ m23 ^ m023 ^ m123);
                int y1 = ~(x0 ^ m01 ^ x2 ^ m02 ^ x3 ^ m13 ^ m013 ^ m023 ^ m123);
                int y2 = ~(x1 ^ m01 ^ x2 ^ x3); int y3 = ~(x1 ^ m02 ^ x3 ^ m03 ^ m013 ^ m023 ^ m123);
                x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            x0 = Integer.rotateLeft(x0, 13); x2 = Integer.rotateLeft(x2, 3); x1 ^= x0 ^ x2; x3 ^= x2 ^ (x0 << 3);
            x1 = Integer.rotateLeft(x1, 1); x3 = Integer.rotateLeft(x3, 7); x0 ^= x1 ^ x3; x2 ^= x3 ^ (x1 << 7);
            x0 = Integer.rotateLeft(x0, 5); x2 = Integer.rotateLeft(x2, 22);
            x0 ^= k[4 * r + 8]; x1 ^= k[4 * r + 8 + 1]; x2 ^= k[4 * r + 8 + 2]; x3 ^= k[4 * r + 8 + 3];
            { // S2
                int m02 = x0 & x2; int m12 = x1 & x2; int m012 = x0 & x1 & x2; int m03 = x0 & x3;
                int m13 = x1 & x3; int m013 = x0 & x1 & x3; int m23 = x2 & x3; int m023 = m02 & x3;
                int y0 = x1 ^ x2 ^ m02 ^ x3; int y1 = x0 ^ x1 ^ x2 ^ m12 ^ m012 ^ m03 ^ m013 ^ m23 ^ m023;
                int y2 = x0 ^ x1 ^ m12 ^ x3 ^ m13 ^ m013 ^ m23 ^ m023; int y3 = ~(x0 ^ x1 ^ x2 ^ m012 ^ m13);
                x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            x0 = Integer.rotateLeft(x0, 13); x2 = Integer.rotateLeft(x2, 3); x1 ^= x0 ^ x2; x3 ^= x2 ^ (x0 << 3);
            x1 = Integer.rotateLeft(x1, 1); x3 = Integer.rotateLeft(x3, 7); x0 ^= x1 ^ x3; x2 ^= x3 ^ (x1 << 7);
            x0 = Integer.rotateLeft(x0, 5); x2 = Integer.rotateLeft(x2, 22);
            x0 ^= k[4 * r + 12]; x1 ^= k[4 * r + 12 + 1]; x2 ^= k[4 * r + 12 + 2]; x3 ^= k[4 * r + 12 + 3];
            { // S3
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m012 = m01 & x2;
                int m03 = x0 & x3; int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3;
                int m023 = m02 & x3; int m123 = m12 & x3;
                int y0 = x0 ^ x1 ^ m12 ^ x3 ^ m03 ^ m23 ^ m023 ^ m123;
                int y1 = x0 ^ x1 ^ m02 ^ m03 ^ m013 ^ m23 ^ m023;
                int y2 = x0 ^ m01 ^ x2 ^ m012 ^ x3 ^ m13 ^ m013;
                int y3 = x0 ^ x1 ^ m01 ^ x2 ^ m02 ^ m012 ^ x3 ^ m23 ^ m023; x0 = y0; x1 = y1; x2 = y2;
                x3 = y3;
            }
            x0 = Integer.rotateLeft(x0, 13); x2 = Integer.rotateLeft(x2, 3); x1 ^= x0 ^ x2; x3 ^= x2 ^ (x0 << 3);
            x1 = Integer.rotateLeft(x1, 1); x3 = Integer.rotateLeft(x3, 7); x0 ^= x1 ^ x3; x2 ^= x3 ^ (x1 << 7);
            x0 = Integer.rotateLeft(x0, 5); x2 = Integer.rotateLeft(x2, 22);
            x0 ^= k[4 * r + 16]; x1 ^= k[4 * r + 16 + 1]; x2 ^= k[4 * r + 16 + 2]; x3 ^= k[4 * r + 16 + 3];
            { // S4
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m012 = m01 & x2;
                int m03 = x0 & x3; int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3;
                int m023 = m02 & x3; int m123 = m12 & x3; int y0 = ~(x1 ^ m01 ^ x2 ^ x3 ^ m03 ^ m13);
                int y1 = x0 ^ m02 ^ m12 ^ x3 ^ m13 ^ m23 ^ m023 ^ m123;
                int y2 = x0 ^ m01 ^ x2 ^ m12 ^ m012 ^ m13 ^ m013 ^ m23 ^ m123;
                int y3 = x0 ^ x1 ^ x2 ^ m12 ^ m03 ^ m13 ^ m013; x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            x0 = Integer.rotateLeft(x0, 13); x2 = Integer.rotateLeft(x2, 3); x1 ^= x0 ^ x2; x3 ^= x2 ^ (x0 << 3);
            x1 = Integer.rotateLeft(x1, 1); x3 = Integer.rotateLeft(x3, 7); x0 ^= x1 ^ x3; x2 ^= x3 ^ (x1 << 7);
            x0 = Integer.rotateLeft(x0, 5); x2 = Integer.rotateLeft(x2, 22);
            x0 ^= k[4 * r + 20]; x1 ^= k[4 * r + 20 + 1]; x2 ^= k[4 * r + 20 + 2]; x3 ^= k[4 * r + 20 + 3];
            { // S5
                int m01 = x0 & x1; int m02 = x0 & x2; int m012 = m01 & x2; int m03 = x0 & x3;
                int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3; int m023 = m02 & x3;
                int m123 = x1 & x2 & x3; int y0 = ~(x1 ^ m01 ^ x2 ^ x3 ^ m03 ^ m13);
                int y1 = ~(x0 ^ m01 ^ x2 ^ x3 ^ m13 ^ m013 ^ m23);
                int y2 = ~(x1 ^ m02 ^ x3 ^ m013 ^ m23 ^ m023 ^ m123);
                int y3 = ~(x0 ^ x1 ^ x2 ^ m012 ^ x3 ^ m03 ^ m023); x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            x0 = Integer.rotateLeft(x0, 13); x2 = Integer.rotateLeft(x2, 3); x1 ^= x0 ^ x2; x3 ^= x2 ^ (x0 << 3);
            x1 = Integer.rotateLeft(x1, 1); x3 = Integer.rotateLeft(x3, 7); x0 ^= x1 ^ x3; x2 ^= x3 ^ (x1 << 7);
            x0 = Integer.rotateLeft(x0, 5); x2 = Integer.rotateLeft(x2, 22);
            x0 ^= k[4 * r + 24]; x1 ^= k[4 * r + 24 + 1]; x2 ^= k[4 * r + 24 + 2]; x3 ^= k[4 * r + 24 + 3];
            { // S6
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m012 = m01 & x2;
                int m03 = x0 & x3; int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3;
                int m123 = m12 & x3; int y0 = ~(x0 ^ x1 ^ x2 ^ m02 ^ m12 ^ m012 ^ x3 ^ m013 ^ m123);
                int y1 = ~(x1 ^ x2 ^ m03); int y2 = ~(x0 ^ m01 ^ x2 ^ m12 ^ m012 ^ m13 ^ m013 ^ m23 ^ m123);
                int y3 = x1 ^ m01 ^ x2 ^ m02 ^ m012 ^ x3 ^ m23 ^ m123; x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            x0 = Integer.rotateLeft(x0, 13); x2 = Integer.rotateLeft(x2, 3); x1 ^= x0 ^ x2; x3 ^= x2 ^ (x0 << 3);
            x1 = Integer.rotateLeft(x1, 1); x3 = Integer.rotateLeft(x3, 7); x0 ^= x1 ^ x3; x2 ^= x3 ^ (x1 << 7);
            x0 = Integer.rotateLeft(x0, 5); x2 = Integer.rotateLeft(x2, 22);
            x0 ^= k[4 * r + 28]; x1 ^= k[4 * r + 28 + 1]; x2 ^= k[4 * r + 28 + 2]; x3 ^= k[4 * r + 28 + 3];
            { // S7
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m012 = m01 & x2;
                int m03 = x0 & x3; int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3;
                int m023 = m02 & x3; int m123 = m12 & x3;
                int y0 = ~(m01 ^ x2 ^ m03 ^ m13 ^ m23 ^ m023 ^ m123);
                int y1 = x1 ^ m01 ^ x2 ^ m02 ^ m12 ^ x3 ^ m03 ^ m013 ^ m023;
                int y2 = x0 ^ x1 ^ x2 ^ m012 ^ x3 ^ m03 ^ m13 ^ m013 ^ m123;
                int y3 = x0 ^ x1 ^ x2 ^ m02 ^ m012 ^ m03; x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            if (r == 24) {
                break;
            }
            x0 = Integer.rotateLeft(x0, 13); x2 = Integer.rotateLeft(x2, 3); x1 ^= x0 ^ x2; x3 ^= x2 ^ (x0 << 3);
            x1 = Integer.rotateLeft(x1, 1); x3 = Integer.rotateLeft(x3, 7); x0 ^= x1 ^ x3; x2 ^= x3 ^ (x1 << 7);
            x0 = Integer.rotateLeft(x0, 5); x2 = Integer.rotateLeft(x2, 22);
        }
        x0 ^= k[128];
        x1 ^= k[129];
        x2 ^= k[130];
        x3 ^= k[131];
        Bytes.putLe32(out, outOff, x0);
        Bytes.putLe32(out, outOff + 4, x1);
        Bytes.putLe32(out, outOff + 8, x2);
        Bytes.putLe32(out, outOff + 12, x3);
    }

    @Override
    public void decryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        int[] k = roundKeys;
        int x0 = Bytes.le32(in, inOff) ^ k[128];
        int x1 = Bytes.le32(in, inOff + 4) ^ k[129];
        int x2 = Bytes.le32(in, inOff + 8) ^ k[130];
        int x3 = Bytes.le32(in, inOff + 12) ^ k[131];
        for (int r = 24; r >= 0; r -= 8) {
            if (r != 24) {
                x2 = Integer.rotateRight(x2, 22); x0 = Integer.rotateRight(x0, 5); x2 ^= x3 ^ (x1 << 7); x0 ^= x1 ^ x3;
                x3 = Integer.rotateRight(x3, 7); x1 = Integer.rotateRight(x1, 1); x3 ^= x2 ^ (x0 << 3); x1 ^= x0 ^ x2;
                x2 = Integer.rotateRight(x2, 3); x0 = Integer.rotateRight(x0, 13);
            }
            { // inverse S7
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m012 = m01 & x2;
                int m03 = x0 & x3; int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3;
                int m023 = m02 & x3; int m123 = m12 & x3;
                int y0 = ~(x0 ^ x1 ^ m12 ^ m13 ^ m013 ^ m23 ^ m123);
                int y1 = ~(x0 ^ x2 ^ m12 ^ x3 ^ m03 ^ m13 ^ m023 ^ m123);
                int y2 = x1 ^ m02 ^ x3 ^ m013 ^ m23 ^ m023; int y3 = m01 ^ x2 ^ m012 ^ m03 ^ m13 ^ m013;
                x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            x0 ^= k[4 * r + 28]; x1 ^= k[4 * r + 28 + 1]; x2 ^= k[4 * r + 28 + 2]; x3 ^= k[4 * r + 28 + 3];
            x2 = Integer.rotateRight(x2, 22); x0 = Integer.rotateRight(x0, 5); x2 ^= x3 ^ (x1 << 7); x0 ^= x1 ^ x3;
            x3 = Integer.rotateRight(x3, 7); x1 = Integer.rotateRight(x1, 1); x3 ^= x2 ^ (x0 << 3); x1 ^= x0 ^ x2;
            x2 = Integer.rotateRight(x2, 3); x0 = Integer.rotateRight(x0, 13);
            { // inverse S6
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m012 = m01 & x2;
                int m03 = x0 & x3; int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3;
                int m123 = m12 & x3; int y0 = ~(x0 ^ m01 ^ m02 ^ m12 ^ m012 ^ x3 ^ m013 ^ m123);
                int y1 = ~(x1 ^ x2 ^ m02 ^ x3); int y2 = ~(x0 ^ x1 ^ m12 ^ m13 ^ m013 ^ m23 ^ m123);
                int y3 = ~(x1 ^ m01 ^ x2 ^ m12 ^ m012 ^ x3 ^ m03 ^ m013 ^ m23 ^ m123); x0 = y0; x1 = y1;
                x2 = y2; x3 = y3;
            }
            x0 ^= k[4 * r + 24]; x1 ^= k[4 * r + 24 + 1]; x2 ^= k[4 * r + 24 + 2]; x3 ^= k[4 * r + 24 + 3];
            x2 = Integer.rotateRight(x2, 22); x0 = Integer.rotateRight(x0, 5); x2 ^= x3 ^ (x1 << 7); x0 ^= x1 ^ x3;
            x3 = Integer.rotateRight(x3, 7); x1 = Integer.rotateRight(x1, 1); x3 ^= x2 ^ (x0 << 3); x1 ^= x0 ^ x2;
            x2 = Integer.rotateRight(x2, 3); x0 = Integer.rotateRight(x0, 13);
            { // inverse S5
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m012 = m01 & x2;
                int m03 = x0 & x3; int m13 = x1 & x3; int m013 = m01 & x3; int m023 = m02 & x3;
                int y0 = x0 ^ m12 ^ x3 ^ m013; int y1 = x0 ^ x1 ^ m02 ^ m12 ^ m012 ^ x3 ^ m03 ^ m013;
                int y2 = x0 ^ m01 ^ x2 ^ m13 ^ m013 ^ m023; int y3 = ~(x1 ^ m01 ^ x2 ^ m012 ^ m03); x0 = y0;
                x1 = y1; x2 = y2; x3 = y3;
            }
            x0 ^= k[4 * r + 20]; x1 ^= k[4 * r + 20 + 1]; x2 ^= k[4 * r + 20 + 2]; x3 ^= k[4 * r + 20 + 3];
            x2 = Integer.rotateRight(x2, 22); x0 = Integer.rotateRight(x0, 5); x2 ^= x3 ^ (x1 << 7); x0 ^= x1 ^ x3;
            x3 = Integer.rotateRight(x3, 7); x1 = Integer.rotateRight(x1, 1); x3 ^= x2 ^ (x0 << 3); x1 ^= x0 ^ x2;
            x2 = Integer.rotateRight(x2, 3); x0 = Integer.rotateRight(x0, 13);
            { // inverse S4
                int m01 = x0 & x1; int m02 = x0 & x2; int m012 = m01 & x2; int m03 = x0 & x3;
                int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3; int m023 = m02 & x3;
                int y0 = ~(x0 ^ x1 ^ x2 ^ x3 ^ m03 ^ m013 ^ m23 ^ m023);
                int y1 = m01 ^ x2 ^ m02 ^ x3 ^ m03 ^ m023;
                int y2 = ~(x0 ^ x1 ^ m01 ^ x2 ^ m02 ^ m012 ^ x3 ^ m13 ^ m013);
                int y3 = x1 ^ m01 ^ x2 ^ m03 ^ m013 ^ m23; x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            x0 ^= k[4 * r + 16]; x1 ^= k[4 * r + 16 + 1]; x2 ^= k[4 * r + 16 + 2]; x3 ^= k[4 * r + 16 + 3];
            x2 = Integer.rotateRight(x2, 22); x0 = Integer.rotateRight(x0, 5); x2 ^= x3 ^ (x1 << 7); x0 ^= x1 ^ x3;
            x3 = Integer.rotateRight(x3, 7); x1 = Integer.rotateRight(x1, 1); x3 ^= x2 ^ (x0 << 3); x1 ^= x0 ^ x2;
            x2 = Integer.rotateRight(x2, 3); x0 = Integer.rotateRight(x0, 13);
            { // inverse S3
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m012 = m01 & x2;
                int m03 = x0 & x3; int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3;
                int m023 = m02 & x3; int m123 = m12 & x3; int y0 = x0 ^ x2 ^ m12 ^ x3 ^ m03 ^ m13 ^ m123;
                int y1 = x1 ^ x2 ^ m12 ^ m012 ^ x3 ^ m03 ^ m023 ^ m123;
                int y2 = m01 ^ m02 ^ m12 ^ m03 ^ m13 ^ m013 ^ m23 ^ m023;
                int y3 = x0 ^ x1 ^ x2 ^ m02 ^ m012 ^ m03 ^ m013 ^ m23; x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            x0 ^= k[4 * r + 12]; x1 ^= k[4 * r + 12 + 1]; x2 ^= k[4 * r + 12 + 2]; x3 ^= k[4 * r + 12 + 3];
            x2 = Integer.rotateRight(x2, 22); x0 = Integer.rotateRight(x0, 5); x2 ^= x3 ^ (x1 << 7); x0 ^= x1 ^ x3;
            x3 = Integer.rotateRight(x3, 7); x1 = Integer.rotateRight(x1, 1); x3 ^= x2 ^ (x0 << 3); x1 ^= x0 ^ x2;
            x2 = Integer.rotateRight(x2, 3); x0 = Integer.rotateRight(x0, 13);
            { // inverse S2
                int m01 = x0 & x1; int m12 = x1 & x2; int m012 = m01 & x2; int m03 = x0 & x3;
                int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3; int m023 = x0 & x2 & x3;
                int y0 = x0 ^ x1 ^ x2 ^ m12 ^ m13; int y1 = x1 ^ m01 ^ x2 ^ m03 ^ m013 ^ m23 ^ m023;
                int y2 = ~(x0 ^ m01 ^ x2 ^ x3 ^ m03 ^ m13 ^ m013 ^ m023);
                int y3 = ~(m01 ^ m12 ^ m012 ^ x3 ^ m023); x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            x0 ^= k[4 * r + 8]; x1 ^= k[4 * r + 8 + 1]; x2 ^= k[4 * r + 8 + 2]; x3 ^= k[4 * r + 8 + 3];
            x2 = Integer.rotateRight(x2, 22); x0 = Integer.rotateRight(x0, 5); x2 ^= x3 ^ (x1 << 7); x0 ^= x1 ^ x3;
            x3 = Integer.rotateRight(x3, 7); x1 = Integer.rotateRight(x1, 1); x3 ^= x2 ^ (x0 << 3); x1 ^= x0 ^ x2;
            x2 = Integer.rotateRight(x2, 3); x0 = Integer.rotateRight(x0, 13);
            { // inverse S1
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m012 = m01 & x2;
                int m03 = x0 & x3; int m13 = x1 & x3; int m023 = m02 & x3; int m123 = m12 & x3;
                int y0 = ~(x0 ^ x1 ^ m01 ^ m012 ^ m13 ^ m023 ^ m123);
                int y1 = x1 ^ x2 ^ m012 ^ x3 ^ m03 ^ m13 ^ m023 ^ m123;
                int y2 = ~(x0 ^ x1 ^ m02 ^ m12 ^ m012 ^ x3 ^ m023); int y3 = x0 ^ x2 ^ x3 ^ m13; x0 = y0;
                x1 = y1; x2 = y2; x3 = y3;
            }
            x0 ^= k[4 * r + 4]; x1 ^= k[4 * r + 4 + 1]; x2 ^= k[4 * r + 4 + 2]; x3 ^= k[4 * r + 4 + 3];
            x2 = Integer.rotateRight(x2, 22); x0 = Integer.rotateRight(x0, 5); x2 ^= x3 ^ (x1 << 7); x0 ^= x1 ^ x3;
            x3 = Integer.rotateRight(x3, 7); x1 = Integer.rotateRight(x1, 1); x3 ^= x2 ^ (x0 << 3); x1 ^= x0 ^ x2;
            x2 = Integer.rotateRight(x2, 3); x0 = Integer.rotateRight(x0, 13);
            { // inverse S0
                int m01 = x0 & x1; int m02 = x0 & x2; int m12 = x1 & x2; int m03 = x0 & x3;
                int m13 = x1 & x3; int m013 = m01 & x3; int m23 = x2 & x3; int m023 = m02 & x3;
                int m123 = m12 & x3; int y0 = ~(m01 ^ x2 ^ m12 ^ m03 ^ m13 ^ m013 ^ m23 ^ m023 ^ m123);
                int y1 = x0 ^ x1 ^ x2 ^ m02 ^ m13 ^ m023 ^ m123; int y2 = ~(x0 ^ x1 ^ m01 ^ x2 ^ x3);
                int y3 = ~(x0 ^ m12 ^ x3 ^ m013 ^ m23 ^ m023 ^ m123); x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            }
            x0 ^= k[4 * r]; x1 ^= k[4 * r + 1]; x2 ^= k[4 * r + 2]; x3 ^= k[4 * r + 3];
        }
        Bytes.putLe32(out, outOff, x0);
        Bytes.putLe32(out, outOff + 4, x1);
        Bytes.putLe32(out, outOff + 8, x2);
        Bytes.putLe32(out, outOff + 12, x3);
    }
}
