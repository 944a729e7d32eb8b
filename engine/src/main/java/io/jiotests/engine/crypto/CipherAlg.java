package io.jiotests.engine.crypto;

/**
 * Cipher algorithms by QEMU's names (QCryptoCipherAlgorithm) that LUKS accepts. Only AES has a JDK
 * implementation; the others are recognised names that the engine refuses to use.
 */
public enum CipherAlg {
    AES_128("aes-128", "aes", 16, true),
    AES_192("aes-192", "aes", 24, true),
    AES_256("aes-256", "aes", 32, true),
    CAST5_128("cast5-128", "cast5", 16, false),
    SERPENT_128("serpent-128", "serpent", 16, false),
    SERPENT_192("serpent-192", "serpent", 24, false),
    SERPENT_256("serpent-256", "serpent", 32, false),
    TWOFISH_128("twofish-128", "twofish", 16, false),
    TWOFISH_192("twofish-192", "twofish", 24, false),
    TWOFISH_256("twofish-256", "twofish", 32, false);

    private final String qemuName;
    private final String luksName;
    private final int keyBytes;
    private final boolean available;

    CipherAlg(String qemuName, String luksName, int keyBytes, boolean available) {
        this.qemuName = qemuName;
        this.luksName = luksName;
        this.keyBytes = keyBytes;
        this.available = available;
    }

    public String qemuName() {
        return qemuName;
    }

    /** The cipher_name field of a LUKS header ("aes"). */
    public String luksName() {
        return luksName;
    }

    public int keyBytes() {
        return keyBytes;
    }

    public boolean available() {
        return available;
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
            if (a.luksName.equals(luksName) && a.keyBytes == keyBytes) {
                return a;
            }
        }
        return null;
    }
}
