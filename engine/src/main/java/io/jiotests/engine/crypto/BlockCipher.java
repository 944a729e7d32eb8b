package io.jiotests.engine.crypto;

/**
 * A keyed block cipher: encrypts and decrypts single blocks of {@link #blockSize()} bytes. The
 * pure-Java ciphers (Twofish, Serpent, CAST-128) implement it for {@link BlockSectorCipher}, which
 * builds the ECB, CBC, CTR and XTS modes and the IV generators on it. Instances hold only their
 * key schedule and never allocate per block, so one instance may serve concurrent callers.
 */
interface BlockCipher {

    /** The block length in bytes (16, or 8 for CAST-128). */
    int blockSize();

    /** Encrypts the block at {@code in[inOff]} into {@code out[outOff]} (the two may be the same). */
    void encryptBlock(byte[] in, int inOff, byte[] out, int outOff);

    /** Decrypts the block at {@code in[inOff]} into {@code out[outOff]} (the two may be the same). */
    void decryptBlock(byte[] in, int inOff, byte[] out, int outOff);

    /** A cipher of the family of {@code alg} with {@code key}, whose length alg's family accepts. */
    static BlockCipher of(CipherAlg alg, byte[] key) {
        return switch (alg.luksName()) {
            case "twofish" -> new Twofish(key);
            case "serpent" -> new Serpent(key);
            case "cast5" -> new Cast128(key);
            default -> throw new IllegalArgumentException("no pure-Java cipher for " + alg.qemuName());
        };
    }
}
