package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

/**
 * The algorithms of a LUKS volume: cipher, mode, IV generator (with its hash for essiv) and the
 * PBKDF2 / anti-forensic hash. Parsed from a header's strings or given as creation options.
 */
public record LuksParams(CipherAlg cipher, CipherMode mode, IvGenAlg ivgen, HashAlg ivgenHash, HashAlg hash) {

    /** QEMU's defaults: aes-256 in xts mode with plain64 IVs, sha256 for PBKDF2. */
    public static LuksParams defaults() {
        return new LuksParams(CipherAlg.AES_256, CipherMode.XTS, IvGenAlg.PLAIN64, null, HashAlg.SHA256);
    }

    /** The master key length in bytes. */
    public int keyLength() {
        return SectorCipher.keyLength(cipher, mode);
    }

    /** The header's cipher_mode string: "xts-plain64", "cbc-essiv:sha256". */
    public String luksModeString() {
        String s = mode.qemuName() + "-" + ivgen.qemuName();
        return ivgen == IvGenAlg.ESSIV ? s + ":" + ivgenHash.qemuName() : s;
    }

    /** A cipher over sectors of 512 bytes under {@code key}. */
    public SectorCipher cipherFor(byte[] key) throws BlockException {
        return SectorCipher.create(cipher, mode, ivgen, ivgenHash, key, LuksHeader.SECTOR_SIZE);
    }

    /** The parameters of a parsed header, with QEMU's errors for what it cannot use. */
    public static LuksParams fromHeader(LuksHeader h) throws BlockException {
        String modeString = h.cipherMode();
        int dash = modeString.indexOf('-');
        if (dash < 0) {
            throw new BlockException(Errno.EINVAL, "Unexpected cipher mode string format '" + modeString + "'");
        }
        String modeName = modeString.substring(0, dash);
        String ivgenSpec = modeString.substring(dash + 1);
        CipherMode mode = CipherMode.byName(modeName);
        if (mode == null) {
            throw new BlockException(Errno.EINVAL, "Cipher mode '" + modeName + "' is not supported");
        }
        int keyBytes = h.keyBytes();
        if (mode == CipherMode.XTS) {
            if (keyBytes % 2 != 0) {
                throw new BlockException(Errno.EINVAL, "XTS cipher key length should be a multiple of 2");
            }
            keyBytes /= 2;
        }
        CipherAlg alg = CipherAlg.byLuksName(h.cipherName(), keyBytes);
        if (alg == null) {
            throw new BlockException(Errno.EINVAL, "Algorithm '" + h.cipherName() + "' with key size "
                    + keyBytes + " bytes not supported");
        }
        String ivgenName = ivgenSpec;
        HashAlg ivgenHash = null;
        int colon = ivgenSpec.indexOf(':');
        if (colon >= 0) {
            ivgenName = ivgenSpec.substring(0, colon);
            String hashName = ivgenSpec.substring(colon + 1);
            ivgenHash = HashAlg.byName(hashName);
            if (ivgenHash == null) {
                throw new BlockException(Errno.EINVAL, "Hash algorithm '" + hashName + "' not supported");
            }
        }
        IvGenAlg ivgen = IvGenAlg.byName(ivgenName);
        if (ivgen == null) {
            throw new BlockException(Errno.EINVAL, "IV generator '" + ivgenName + "' is not supported");
        }
        if (ivgen == IvGenAlg.ESSIV && ivgenHash == null) {
            throw new BlockException(Errno.EINVAL, "Missing IV generator hash specification");
        }
        HashAlg hash = HashAlg.byName(h.hashSpec());
        if (hash == null) {
            throw new BlockException(Errno.EINVAL, "Hash algorithm '" + h.hashSpec() + "' not supported");
        }
        return new LuksParams(alg, mode, ivgen, ivgenHash, hash);
    }
}
