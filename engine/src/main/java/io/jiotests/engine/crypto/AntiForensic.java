package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.security.MessageDigest;
import java.util.Random;

/**
 * The LUKS anti-forensic information splitter: a key of n bytes becomes {@code stripes * n} bytes of
 * which all are needed to recover it. Stripes 1..s-1 are random; each is XORed into a running
 * buffer that is then diffused with the hash; the last stripe is the diffused buffer XOR the key.
 */
public final class AntiForensic {
    private AntiForensic() {
    }

    /** Splits {@code key} into {@code stripes} stripes (random from {@code random}). */
    public static byte[] split(HashAlg hash, byte[] key, int stripes, Random random) throws BlockException {
        checkStripes(stripes);
        int n = key.length;
        byte[] out = new byte[Math.multiplyExact(n, stripes)];
        byte[] block = new byte[n];
        MessageDigest md = hash.newDigest();
        byte[] stripe = new byte[n];
        for (int i = 0; i < stripes - 1; i++) {
            random.nextBytes(stripe);
            System.arraycopy(stripe, 0, out, i * n, n);
            xorInto(block, stripe, 0);
            diffuse(md, block);
        }
        for (int k = 0; k < n; k++) {
            out[(stripes - 1) * n + k] = (byte) (block[k] ^ key[k]);
        }
        return out;
    }

    /** Recovers a key of {@code keyLength} bytes from {@code material} (stripes * keyLength bytes). */
    public static byte[] merge(HashAlg hash, byte[] material, int keyLength, int stripes) throws BlockException {
        checkStripes(stripes);
        if (material.length < (long) keyLength * stripes) {
            throw new BlockException(Errno.EINVAL, "Key material too short for " + stripes + " stripes");
        }
        byte[] block = new byte[keyLength];
        MessageDigest md = hash.newDigest();
        for (int i = 0; i < stripes - 1; i++) {
            xorInto(block, material, i * keyLength);
            diffuse(md, block);
        }
        byte[] key = new byte[keyLength];
        int last = (stripes - 1) * keyLength;
        for (int k = 0; k < keyLength; k++) {
            key[k] = (byte) (block[k] ^ material[last + k]);
        }
        return key;
    }

    private static void checkStripes(int stripes) throws BlockException {
        if (stripes < 1) {
            throw new BlockException(Errno.EINVAL, "Invalid number of stripes " + stripes);
        }
    }

    private static void xorInto(byte[] block, byte[] src, int srcOff) {
        for (int k = 0; k < block.length; k++) {
            block[k] ^= src[srcOff + k];
        }
    }

    /**
     * The diffusion: the buffer in digest-sized pieces, each replaced by hash(be32(index) || piece),
     * truncated for a last partial piece.
     */
    static void diffuse(MessageDigest md, byte[] block) {
        int d = md.getDigestLength();
        int pieces = (block.length + d - 1) / d;
        for (int i = 0; i < pieces; i++) {
            int off = i * d;
            int len = Math.min(d, block.length - off);
            md.reset();
            md.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
            md.update(block, off, len);
            byte[] h = md.digest();
            System.arraycopy(h, 0, block, off, len);
        }
    }
}
