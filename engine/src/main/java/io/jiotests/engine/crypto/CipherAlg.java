package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

/**
 * Cipher algorithms by QEMU's names (QCryptoCipherAlgorithm) that LUKS accepts. AES runs on the
 * JDK's implementation; Twofish, Serpent and CAST-128 on this package's ({@link BlockCipher}).
 */
public enum CipherAlg {
    AES_128("aes-128", "aes", "AES", 16, 16),
    AES_192("aes-192", "aes", "AES", 24, 16),
    AES_256("aes-256", "aes", "AES", 32, 16),
    CAST5_128("cast5-128", "cast5", "CAST5", 16, 8),
    SERPENT_128("serpent-128", "serpent", "Serpent", 16, 16),
    SERPENT_192("serpent-192", "serpent", "Serpent", 24, 16),
    SERPENT_256("serpent-256", "serpent", "Serpent", 32, 16),
    TWOFISH_128("twofish-128", "twofish", "Twofish", 16, 16),
    TWOFISH_192("twofish-192", "twofish", "Twofish", 24, 16),
    TWOFISH_256("twofish-256", "twofish", "Twofish", 32, 16),
    /** Names QEMU parses (QCryptoCipherAlgorithm) but LUKS has no cipher name for: refused on create. */
    DES("des", null, "DES", 8, 8),
    DES3("3des", null, "3DES", 24, 8);

    private final String qemuName;
    private final String luksName;
    private final String familyName;
    private final int keyBytes;
    private final int blockSize;

    CipherAlg(String qemuName, String luksName, String familyName, int keyBytes, int blockSize) {
        this.qemuName = qemuName;
        this.luksName = luksName;
        this.familyName = familyName;
        this.keyBytes = keyBytes;
        this.blockSize = blockSize;
    }

    public String qemuName() {
        return qemuName;
    }

    /** The cipher_name field of a LUKS header ("aes"), null for des and 3des. */
    public String luksName() {
        return luksName;
    }

    public int keyBytes() {
        return keyBytes;
    }

    /** The block length in bytes: 16, or 8 for CAST-128. */
    public int blockSize() {
        return blockSize;
    }

    /** Whether the JDK implements it (AES); the others run on this package's own ciphers. */
    public boolean isAes() {
        return "aes".equals(luksName);
    }

    /** Whether it can encrypt: every algorithm LUKS names has an implementation; des and 3des not. */
    public boolean available() {
        return luksName != null;
    }

    /**
     * The cipher that encrypts ESSIV IVs when the IV hash has {@code digestLength} bytes: this one
     * when its key is that long, else the one of the same family with that key length; QEMU's
     * errors when there is none.
     */
    public CipherAlg essivCipher(int digestLength) throws BlockException {
        if (digestLength == keyBytes) {
            return this;
        }
        if (this == CAST5_128) {
            throw new BlockException(Errno.EINVAL, "Cipher " + qemuName + " not supported with essiv");
        }
        CipherAlg same = byLuksName(luksName, digestLength);
        if (same == null) {
            throw new BlockException(Errno.EINVAL, "No " + familyName + " cipher with key size " + digestLength
                    + " available");
        }
        return same;
    }

    public static CipherAlg byName(String name) {
        for (CipherAlg a : values()) {
            if (a.qemuName.equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** The algorithm with LUKS name {@code luksName} and a key of {@code keyBytes}, or null. */
    public static CipherAlg byLuksName(String luksName, int keyBytes) {
        for (CipherAlg a : values()) {
            if (luksName.equals(a.luksName) && a.keyBytes == keyBytes) {
                return a;
            }
        }
        return null;
    }
}
