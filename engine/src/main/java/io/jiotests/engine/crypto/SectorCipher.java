package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sector encryption as QEMU's block crypto does it: data in sectors of {@code sectorSize} bytes,
 * each with an IV made from its sector number by the IV generator, under a cipher in ECB, CBC, CTR
 * or XTS mode. XTS (IEEE 1619) is built here on AES/ECB: the first key half encrypts the data, the
 * second the tweak (the IV). The other algorithms (Twofish, Serpent, CAST-128) run in
 * {@link BlockSectorCipher} on this package's ciphers. Instances are immutable; every call makes
 * its own JDK ciphers, so concurrent calls are safe.
 */
public final class SectorCipher {
    private static final int BLOCK = 16;

    private final CipherMode mode;
    private final IvGenAlg ivgen;
    private final int sectorSize;
    private final SecretKeySpec dataKey;
    private final SecretKeySpec tweakKey;
    private final SecretKeySpec essivKey;
    private final BlockSectorCipher pureJava;

    private SectorCipher(BlockSectorCipher pureJava, int sectorSize) {
        this.mode = null;
        this.ivgen = null;
        this.sectorSize = sectorSize;
        this.dataKey = null;
        this.tweakKey = null;
        this.essivKey = null;
        this.pureJava = pureJava;
    }

    private SectorCipher(CipherMode mode, IvGenAlg ivgen, int sectorSize, SecretKeySpec dataKey,
                         SecretKeySpec tweakKey, SecretKeySpec essivKey) {
        this.mode = mode;
        this.ivgen = ivgen;
        this.sectorSize = sectorSize;
        this.dataKey = dataKey;
        this.tweakKey = tweakKey;
        this.essivKey = essivKey;
        this.pureJava = null;
    }

    /** The key length a cipher in this mode takes (twice the algorithm's for XTS). */
    public static int keyLength(CipherAlg alg, CipherMode mode) {
        return alg.keyBytes() * (mode == CipherMode.XTS ? 2 : 1);
    }

    public static SectorCipher create(CipherAlg alg, CipherMode mode, IvGenAlg ivgen, HashAlg ivgenHash,
                                      byte[] key, int sectorSize) throws BlockException {
        if (!alg.available()) {
            throw new BlockException(Errno.EINVAL, "Algorithm '" + alg.qemuName() + "' not supported");
        }
        if (key.length != keyLength(alg, mode)) {
            throw new BlockException(Errno.EINVAL, "Cipher key length " + key.length + " is not valid for "
                    + alg.qemuName() + " in mode " + mode.qemuName());
        }
        if (sectorSize <= 0 || sectorSize % BLOCK != 0) {
            throw new BlockException(Errno.EINVAL, "Sector size " + sectorSize + " is not a multiple of the block");
        }
        if (!alg.isAes()) {
            return new SectorCipher(BlockSectorCipher.create(alg, mode, ivgen, ivgenHash, key, sectorSize), sectorSize);
        }
        SecretKeySpec data;
        SecretKeySpec tweak = null;
        if (mode == CipherMode.XTS) {
            int half = key.length / 2;
            data = new SecretKeySpec(key, 0, half, "AES");
            tweak = new SecretKeySpec(key, half, half, "AES");
        } else {
            data = new SecretKeySpec(key, "AES");
        }
        SecretKeySpec essiv = null;
        if (ivgen == IvGenAlg.ESSIV) {
            if (ivgenHash == null) {
                throw new BlockException(Errno.EINVAL, "Missing IV generator hash algorithm");
            }
            byte[] salt = ivgenHash.newDigest().digest(key);
            alg.essivCipher(salt.length);
            essiv = new SecretKeySpec(salt, "AES");
        }
        return new SectorCipher(mode, ivgen, sectorSize, data, tweak, essiv);
    }

    public int sectorSize() {
        return sectorSize;
    }

    /** Encrypts {@code len} bytes (whole sectors) of buf in place; the first is sector {@code sector}. */
    public void encrypt(long sector, byte[] buf, int off, int len) throws BlockException {
        run(true, sector, buf, off, len);
    }

    /** Decrypts {@code len} bytes (whole sectors) of buf in place; the first is sector {@code sector}. */
    public void decrypt(long sector, byte[] buf, int off, int len) throws BlockException {
        run(false, sector, buf, off, len);
    }

    private void run(boolean encrypt, long sector, byte[] buf, int off, int len) throws BlockException {
        if (len % sectorSize != 0) {
            throw new BlockException(Errno.EINVAL, "Length " + len + " is not a multiple of the sector size "
                    + sectorSize);
        }
        if (pureJava != null) {
            pureJava.run(encrypt, sector, buf, off, len);
            return;
        }
        try {
            int opmode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
            Cipher essiv = null;
            if (essivKey != null) {
                essiv = Cipher.getInstance("AES/ECB/NoPadding");
                essiv.init(Cipher.ENCRYPT_MODE, essivKey);
            }
            Cipher ecb = null;
            Cipher tweak = null;
            if (mode == CipherMode.XTS || mode == CipherMode.ECB) {
                ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(opmode, dataKey);
            }
            if (mode == CipherMode.XTS) {
                tweak = Cipher.getInstance("AES/ECB/NoPadding");
                tweak.init(Cipher.ENCRYPT_MODE, tweakKey);
            }
            Cipher chained = null;
            if (mode == CipherMode.CBC || mode == CipherMode.CTR) {
                chained = Cipher.getInstance(mode == CipherMode.CBC ? "AES/CBC/NoPadding" : "AES/CTR/NoPadding");
            }
            byte[] tmp = new byte[sectorSize];
            byte[] tweaks = mode == CipherMode.XTS ? new byte[sectorSize] : null;
            for (int done = 0; done < len; done += sectorSize) {
                int p = off + done;
                switch (mode) {
                    case ECB -> {
                        ecb.doFinal(buf, p, sectorSize, tmp, 0);
                        System.arraycopy(tmp, 0, buf, p, sectorSize);
                    }
                    case CBC, CTR -> {
                        chained.init(opmode, dataKey, new IvParameterSpec(iv(sector, essiv)));
                        chained.doFinal(buf, p, sectorSize, tmp, 0);
                        System.arraycopy(tmp, 0, buf, p, sectorSize);
                    }
                    case XTS -> xtsSector(ecb, tweak, iv(sector, essiv), buf, p, tmp, tweaks);
                }
                sector++;
            }
        } catch (GeneralSecurityException e) {
            throw new BlockException(Errno.EIO, "Cipher operation failed: " + e.getMessage());
        }
    }

    private byte[] iv(long sector, Cipher essiv) throws GeneralSecurityException {
        byte[] iv = new byte[BLOCK];
        int bytes = ivgen == IvGenAlg.PLAIN ? 4 : 8;
        for (int i = 0; i < bytes; i++) {
            iv[i] = (byte) (sector >>> (8 * i));
        }
        if (essiv != null) {
            return essiv.doFinal(iv);
        }
        return iv;
    }

    private void xtsSector(Cipher ecb, Cipher tweakCipher, byte[] iv, byte[] buf, int p, byte[] tmp,
                           byte[] tweaks) throws GeneralSecurityException {
        byte[] t = tweakCipher.doFinal(iv);
        for (int b = 0; b < sectorSize; b += BLOCK) {
            System.arraycopy(t, 0, tweaks, b, BLOCK);
            multiplyByAlpha(t);
        }
        for (int i = 0; i < sectorSize; i++) {
            tmp[i] = (byte) (buf[p + i] ^ tweaks[i]);
        }
        ecb.doFinal(tmp, 0, sectorSize, tmp, 0);
        for (int i = 0; i < sectorSize; i++) {
            buf[p + i] = (byte) (tmp[i] ^ tweaks[i]);
        }
    }

    /** T = T * alpha in GF(2^128), the tweak as a little-endian number (IEEE 1619 5.2). */
    static void multiplyByAlpha(byte[] t) {
        int carry = (t[15] >> 7) & 1;
        for (int i = 15; i > 0; i--) {
            t[i] = (byte) ((t[i] << 1) | ((t[i - 1] >> 7) & 1));
        }
        t[0] = (byte) ((t[0] << 1) ^ (carry != 0 ? 0x87 : 0));
    }
}
