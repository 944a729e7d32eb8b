package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

/**
 * Sector encryption over a pure-Java {@link BlockCipher} (Twofish, Serpent, CAST-128): the modes
 * ECB, CBC, CTR and XTS and the plain, plain64 and essiv IV generators, as {@link SectorCipher}
 * does them with the JDK's AES. The IV is one cipher block (8 bytes for CAST-128): the sector
 * number little endian (its low 32 bits for plain), zero padded, for essiv encrypted with a cipher
 * keyed by the hash of the key. CTR increments the whole block as a big-endian counter; XTS
 * (16-byte blocks only) encrypts the IV with the key's second half for the first tweak. The key
 * schedules are made once; every call allocates only its few blocks of scratch.
 */
final class BlockSectorCipher {
    private final CipherMode mode;
    private final IvGenAlg ivgen;
    private final int sectorSize;
    private final int blockSize;
    private final BlockCipher data;
    private final BlockCipher tweak;
    private final BlockCipher essiv;

    private BlockSectorCipher(CipherMode mode, IvGenAlg ivgen, int sectorSize, BlockCipher data, BlockCipher tweak,
                              BlockCipher essiv) {
        this.mode = mode;
        this.ivgen = ivgen;
        this.sectorSize = sectorSize;
        this.blockSize = data.blockSize();
        this.data = data;
        this.tweak = tweak;
        this.essiv = essiv;
    }

    /** A sector cipher for {@code alg} (not AES); key length and sector size already checked. */
    static BlockSectorCipher create(CipherAlg alg, CipherMode mode, IvGenAlg ivgen, HashAlg ivgenHash, byte[] key,
                                   int sectorSize) throws BlockException {
        if (mode == CipherMode.XTS && alg.blockSize() != 16) {
            throw new BlockException(Errno.ENOTSUP, "Unsupported cipher mode " + mode.qemuName());
        }
        BlockCipher data;
        BlockCipher tweak = null;
        if (mode == CipherMode.XTS) {
            int half = key.length / 2;
            data = BlockCipher.of(alg, java.util.Arrays.copyOfRange(key, 0, half));
            tweak = BlockCipher.of(alg, java.util.Arrays.copyOfRange(key, half, key.length));
        } else {
            data = BlockCipher.of(alg, key);
        }
        BlockCipher essiv = null;
        if (ivgen == IvGenAlg.ESSIV) {
            if (ivgenHash == null) {
                throw new BlockException(Errno.EINVAL, "Missing IV generator hash algorithm");
            }
            byte[] salt = ivgenHash.newDigest().digest(key);
            essiv = BlockCipher.of(alg.essivCipher(salt.length), salt);
        }
        if (sectorSize % data.blockSize() != 0) {
            throw new BlockException(Errno.EINVAL, "Sector size " + sectorSize + " is not a multiple of the block");
        }
        return new BlockSectorCipher(mode, ivgen, sectorSize, data, tweak, essiv);
    }

    /** En- or decrypts {@code len} bytes (whole sectors, checked by the caller) in place. */
    void run(boolean encrypt, long sector, byte[] buf, int off, int len) {
        int bs = blockSize;
        byte[] iv = new byte[bs];
        byte[] block = new byte[bs];
        byte[] saved = new byte[bs];
        for (int done = 0; done < len; done += sectorSize) {
            int start = off + done;
            int end = start + sectorSize;
            makeIv(sector++, iv);
            switch (mode) {
                case ECB -> {
                    for (int p = start; p < end; p += bs) {
                        crypt(encrypt, buf, p);
                    }
                }
                case CBC -> {
                    if (encrypt) {
                        for (int p = start; p < end; p += bs) {
                            xor(buf, p, iv, 0, bs);
                            data.encryptBlock(buf, p, buf, p);
                            System.arraycopy(buf, p, iv, 0, bs);
                        }
                    } else {
                        for (int p = start; p < end; p += bs) {
                            System.arraycopy(buf, p, saved, 0, bs);
                            data.decryptBlock(buf, p, buf, p);
                            xor(buf, p, iv, 0, bs);
                            byte[] t = iv;
                            iv = saved;
                            saved = t;
                        }
                    }
                }
                case CTR -> {
                    for (int p = start; p < end; p += bs) {
                        data.encryptBlock(iv, 0, block, 0);
                        xor(buf, p, block, 0, bs);
                        increment(iv);
                    }
                }
                case XTS -> {
                    tweak.encryptBlock(iv, 0, iv, 0);
                    for (int p = start; p < end; p += bs) {
                        xor(buf, p, iv, 0, bs);
                        crypt(encrypt, buf, p);
                        xor(buf, p, iv, 0, bs);
                        SectorCipher.multiplyByAlpha(iv);
                    }
                }
            }
        }
    }

    private void crypt(boolean encrypt, byte[] buf, int p) {
        if (encrypt) {
            data.encryptBlock(buf, p, buf, p);
        } else {
            data.decryptBlock(buf, p, buf, p);
        }
    }

    private void makeIv(long sector, byte[] iv) {
        java.util.Arrays.fill(iv, (byte) 0);
        int bytes = Math.min(iv.length, ivgen == IvGenAlg.PLAIN ? 4 : 8);
        for (int i = 0; i < bytes; i++) {
            iv[i] = (byte) (sector >>> (8 * i));
        }
        if (essiv != null) {
            essiv.encryptBlock(iv, 0, iv, 0);
        }
    }

    private static void xor(byte[] dst, int dstOff, byte[] src, int srcOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] ^= src[srcOff + i];
        }
    }

    /** The block plus one, as a big-endian number (wrapping). */
    private static void increment(byte[] counter) {
        for (int i = counter.length - 1; i >= 0; i--) {
            if (++counter[i] != 0) {
                return;
            }
        }
    }
}
