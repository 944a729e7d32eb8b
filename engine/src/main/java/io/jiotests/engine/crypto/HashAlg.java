package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;

/**
 * The hash algorithms QEMU's crypto layer names (QCryptoHashAlgorithm): the LUKS hash-spec, the
 * PBKDF2 PRF and the ESSIV hash. The JDK's digests and HMACs, except ripemd160, which the JDK lacks:
 * {@link Ripemd160} and {@link Hmac} implement it here.
 */
public enum HashAlg {
    MD5("md5", "MD5", "HmacMD5", 16, 64),
    SHA1("sha1", "SHA-1", "HmacSHA1", 20, 64),
    SHA224("sha224", "SHA-224", "HmacSHA224", 28, 64),
    SHA256("sha256", "SHA-256", "HmacSHA256", 32, 64),
    SHA384("sha384", "SHA-384", "HmacSHA384", 48, 128),
    SHA512("sha512", "SHA-512", "HmacSHA512", 64, 128),
    RIPEMD160("ripemd160", null, null, 20, 64);

    private final String qemuName;
    private final String digestName;
    private final String macName;
    private final int digestLength;
    private final int blockLength;

    HashAlg(String qemuName, String digestName, String macName, int digestLength, int blockLength) {
        this.qemuName = qemuName;
        this.digestName = digestName;
        this.macName = macName;
        this.digestLength = digestLength;
        this.blockLength = blockLength;
    }

    public String qemuName() {
        return qemuName;
    }

    public int digestLength() {
        return digestLength;
    }

    /** The HMAC block length (the key is padded with zeroes to it). */
    public int blockLength() {
        return blockLength;
    }

    /** The algorithm with QEMU's name, or null. */
    public static HashAlg byName(String name) {
        for (HashAlg h : values()) {
            if (h.qemuName.equals(name)) {
                return h;
            }
        }
        return null;
    }

    /** Every algorithm QEMU names has an implementation (the JDK's, or for ripemd160 this package's). */
    public boolean available() {
        return true;
    }

    public MessageDigest newDigest() throws BlockException {
        if (this == RIPEMD160) {
            return new Ripemd160();
        }
        try {
            return MessageDigest.getInstance(digestName);
        } catch (NoSuchAlgorithmException e) {
            throw new BlockException(Errno.EINVAL, "Hash algorithm " + qemuName + " not supported");
        }
    }

    public Mac newMac() throws BlockException {
        if (this == RIPEMD160) {
            return new Hmac(new Ripemd160(), blockLength, "HmacRIPEMD160");
        }
        try {
            return Mac.getInstance(macName);
        } catch (NoSuchAlgorithmException e) {
            throw new BlockException(Errno.EINVAL, "PBKDF does not support hash algorithm " + qemuName);
        }
    }
}
