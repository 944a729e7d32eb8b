package io.jiotests.engine.crypto;

import java.security.MessageDigest;

/**
 * RIPEMD-160 (Dobbertin, Bosselaers, Preneel, 1996), which the JDK lacks: two parallel lines of
 * five 16-step rounds over each 64-byte block, little-endian words, MD4-style padding with a
 * little-endian bit length. A {@link MessageDigest} so that PBKDF2 (through {@link Hmac}), the
 * anti-forensic splitter and ESSIV use it like the JDK's digests.
 */
final class Ripemd160 extends MessageDigest implements Cloneable {
    private static final int[] R_LEFT = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
        3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
        1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
        4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13};
    private static final int[] R_RIGHT = {
        5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
        6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
        15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
        8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
        12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11};
    private static final int[] S_LEFT = {
        11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
        7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
        11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
        11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
        9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6};
    private static final int[] S_RIGHT = {
        8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
        9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
        9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
        15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
        8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11};
    private static final int[] K_LEFT = {0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e};
    private static final int[] K_RIGHT = {0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000};
    private static final int[] INITIAL = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};

    private int[] state = INITIAL.clone();
    private byte[] buffer = new byte[64];
    private int[] words = new int[16];
    private int buffered;
    private long length;

    Ripemd160() {
        super("RIPEMD160");
    }

    @Override
    protected int engineGetDigestLength() {
        return 20;
    }

    @Override
    protected void engineUpdate(byte input) {
        buffer[buffered++] = input;
        length++;
        if (buffered == 64) {
            compress(buffer, 0);
            buffered = 0;
        }
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        length += len;
        if (buffered > 0) {
            int n = Math.min(len, 64 - buffered);
            System.arraycopy(input, offset, buffer, buffered, n);
            buffered += n;
            offset += n;
            len -= n;
            if (buffered < 64) {
                return;
            }
            compress(buffer, 0);
            buffered = 0;
        }
        while (len >= 64) {
            compress(input, offset);
            offset += 64;
            len -= 64;
        }
        System.arraycopy(input, offset, buffer, 0, len);
        buffered = len;
    }

    @Override
    protected byte[] engineDigest() {
        long bits = length << 3;
        buffer[buffered++] = (byte) 0x80;
        if (buffered > 56) {
            java.util.Arrays.fill(buffer, buffered, 64, (byte) 0);
            compress(buffer, 0);
            buffered = 0;
        }
        java.util.Arrays.fill(buffer, buffered, 56, (byte) 0);
        Bytes.putLe32(buffer, 56, (int) bits);
        Bytes.putLe32(buffer, 60, (int) (bits >>> 32));
        compress(buffer, 0);
        byte[] out = new byte[20];
        for (int i = 0; i < 5; i++) {
            Bytes.putLe32(out, 4 * i, state[i]);
        }
        engineReset();
        return out;
    }

    @Override
    protected void engineReset() {
        System.arraycopy(INITIAL, 0, state, 0, 5);
        java.util.Arrays.fill(buffer, (byte) 0);
        buffered = 0;
        length = 0;
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        Ripemd160 copy = (Ripemd160) super.clone();
        copy.state = state.clone();
        copy.buffer = buffer.clone();
        copy.words = new int[16];
        return copy;
    }

    private void compress(byte[] block, int off) {
        int[] x = words;
        for (int i = 0; i < 16; i++) {
            x[i] = Bytes.le32(block, off + 4 * i);
        }
        int al = state[0];
        int bl = state[1];
        int cl = state[2];
        int dl = state[3];
        int el = state[4];
        int ar = al;
        int br = bl;
        int cr = cl;
        int dr = dl;
        int er = el;
        // the five rounds one loop each, so that each loop's boolean functions are inlined: the
        // left line uses f1..f5 in order, the right line f5..f1
        for (int j = 0; j < 16; j++) {
            int t = Integer.rotateLeft(al + (bl ^ cl ^ dl) + x[R_LEFT[j]], S_LEFT[j]) + el;
            al = el; el = dl; dl = Integer.rotateLeft(cl, 10); cl = bl; bl = t;
            t = Integer.rotateLeft(ar + (br ^ (cr | ~dr)) + x[R_RIGHT[j]] + K_RIGHT[0], S_RIGHT[j]) + er;
            ar = er; er = dr; dr = Integer.rotateLeft(cr, 10); cr = br; br = t;
        }
        for (int j = 16; j < 32; j++) {
            int t = Integer.rotateLeft(al + ((bl & cl) | (~bl & dl)) + x[R_LEFT[j]] + K_LEFT[1], S_LEFT[j]) + el;
            al = el; el = dl; dl = Integer.rotateLeft(cl, 10); cl = bl; bl = t;
            t = Integer.rotateLeft(ar + ((br & dr) | (cr & ~dr)) + x[R_RIGHT[j]] + K_RIGHT[1], S_RIGHT[j]) + er;
            ar = er; er = dr; dr = Integer.rotateLeft(cr, 10); cr = br; br = t;
        }
        for (int j = 32; j < 48; j++) {
            int t = Integer.rotateLeft(al + ((bl | ~cl) ^ dl) + x[R_LEFT[j]] + K_LEFT[2], S_LEFT[j]) + el;
            al = el; el = dl; dl = Integer.rotateLeft(cl, 10); cl = bl; bl = t;
            t = Integer.rotateLeft(ar + ((br | ~cr) ^ dr) + x[R_RIGHT[j]] + K_RIGHT[2], S_RIGHT[j]) + er;
            ar = er; er = dr; dr = Integer.rotateLeft(cr, 10); cr = br; br = t;
        }
        for (int j = 48; j < 64; j++) {
            int t = Integer.rotateLeft(al + ((bl & dl) | (cl & ~dl)) + x[R_LEFT[j]] + K_LEFT[3], S_LEFT[j]) + el;
            al = el; el = dl; dl = Integer.rotateLeft(cl, 10); cl = bl; bl = t;
            t = Integer.rotateLeft(ar + ((br & cr) | (~br & dr)) + x[R_RIGHT[j]] + K_RIGHT[3], S_RIGHT[j]) + er;
            ar = er; er = dr; dr = Integer.rotateLeft(cr, 10); cr = br; br = t;
        }
        for (int j = 64; j < 80; j++) {
            int t = Integer.rotateLeft(al + (bl ^ (cl | ~dl)) + x[R_LEFT[j]] + K_LEFT[4], S_LEFT[j]) + el;
            al = el; el = dl; dl = Integer.rotateLeft(cl, 10); cl = bl; bl = t;
            t = Integer.rotateLeft(ar + (br ^ cr ^ dr) + x[R_RIGHT[j]], S_RIGHT[j]) + er;
            ar = er; er = dr; dr = Integer.rotateLeft(cr, 10); cr = br; br = t;
        }
        int t = state[1] + cl + dr;
        state[1] = state[2] + dl + er;
        state[2] = state[3] + el + ar;
        state[3] = state[4] + al + br;
        state[4] = state[0] + bl + cr;
        state[0] = t;
    }
}
