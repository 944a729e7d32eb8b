package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionValues;
import java.util.List;

/**
 * The LUKS creation options as QEMU names them (with a prefix such as "encrypt." inside qcow2):
 * key-secret, cipher-alg, cipher-mode, ivgen-alg, ivgen-hash-alg, hash-alg, iter-time.
 */
public record LuksOptions(LuksParams params, byte[] password, long iterTimeMs) {
    public static final long DEFAULT_ITER_TIME_MS = 2000;

    /** The option specs, in QEMU's order, each name behind {@code prefix}. */
    public static List<OptionSpec> specs(String prefix) {
        return List.of(
                OptionSpec.string(prefix + "key-secret", "ID of the secret that provides the keyslot passphrase"),
                OptionSpec.string(prefix + "cipher-alg", "Name of encryption cipher algorithm"),
                OptionSpec.string(prefix + "cipher-mode", "Name of encryption cipher mode"),
                OptionSpec.string(prefix + "ivgen-alg", "Name of IV generator algorithm"),
                OptionSpec.string(prefix + "ivgen-hash-alg", "Name of IV generator hash algorithm"),
                OptionSpec.string(prefix + "hash-alg", "Name of encryption hash algorithm"),
                OptionSpec.number(prefix + "iter-time", "Time to spend in PBKDF in milliseconds", null));
    }

    /**
     * Reads the options (QEMU's errors for values it does not accept, a missing key-secret or an
     * unknown secret) and looks the secret up in {@code registry}.
     */
    public static LuksOptions parse(OptionValues opts, String prefix, DriverRegistry registry)
            throws BlockException {
        LuksParams d = LuksParams.defaults();
        CipherAlg alg = d.cipher();
        String v = opts.get(prefix + "cipher-alg");
        if (v != null && (alg = CipherAlg.byName(v)) == null) {
            throw notAccepted("cipher-alg", v);
        }
        CipherMode mode = d.mode();
        v = opts.get(prefix + "cipher-mode");
        if (v != null && (mode = CipherMode.byName(v)) == null) {
            throw notAccepted("cipher-mode", v);
        }
        IvGenAlg ivgen = d.ivgen();
        v = opts.get(prefix + "ivgen-alg");
        if (v != null && (ivgen = IvGenAlg.byName(v)) == null) {
            throw notAccepted("ivgen-alg", v);
        }
        HashAlg ivgenHash = null;
        v = opts.get(prefix + "ivgen-hash-alg");
        if (v != null && (ivgenHash = HashAlg.byName(v)) == null) {
            throw notAccepted("ivgen-hash-alg", v);
        }
        HashAlg hash = d.hash();
        v = opts.get(prefix + "hash-alg");
        if (v != null && (hash = HashAlg.byName(v)) == null) {
            throw notAccepted("hash-alg", v);
        }
        long iterTime = opts.getNumber(prefix + "iter-time", DEFAULT_ITER_TIME_MS);
        if (ivgen == IvGenAlg.ESSIV && ivgenHash == null) {
            ivgenHash = HashAlg.SHA256;
        }
        if (ivgen != IvGenAlg.ESSIV) {
            ivgenHash = null;
        }
        byte[] password = secret(opts.get(prefix + "key-secret"), prefix, registry);
        checkUsable(alg, mode, ivgen, ivgenHash);
        return new LuksOptions(new LuksParams(alg, mode, ivgen, ivgenHash, hash), password, iterTime);
    }

    /**
     * QEMU's refusals of a combination it parses but cannot format, in its order: a cipher LUKS has
     * no name for (des, 3des), an essiv hash whose digest length no cipher of the family takes as a
     * key, XTS over a 64-bit block (cast5). Checked before the image file is made, as QEMU removes
     * the file it made when these fail.
     */
    static void checkUsable(CipherAlg alg, CipherMode mode, IvGenAlg ivgen, HashAlg ivgenHash) throws BlockException {
        if (alg.luksName() == null) {
            throw new BlockException(Errno.EINVAL, "Algorithm '" + alg.qemuName() + "' not supported");
        }
        if (ivgen == IvGenAlg.ESSIV) {
            alg.essivCipher(ivgenHash.digestLength());
        }
        if (mode == CipherMode.XTS && alg.blockSize() != 16) {
            throw new BlockException(Errno.ENOTSUP, "Unsupported cipher mode " + mode.qemuName());
        }
    }

    /** The secret named by a key-secret option, with QEMU's errors when it is not given or not defined. */
    public static byte[] secret(String id, DriverRegistry registry) throws BlockException {
        return secret(id, "", registry);
    }

    /** The same for an option named {@code prefix}key-secret ("encrypt.key-secret" in qcow2). */
    public static byte[] secret(String id, String prefix, DriverRegistry registry) throws BlockException {
        if (id == null) {
            throw new BlockException(Errno.EINVAL, "Parameter '" + prefix + "key-secret' is required for cipher");
        }
        byte[] value = registry.secret(id);
        if (value == null) {
            throw new BlockException(Errno.EINVAL, "No secret with id '" + id + "'");
        }
        return value;
    }

    private static BlockException notAccepted(String name, String value) {
        return new BlockException(Errno.EINVAL, "Parameter '" + name + "' does not accept value '" + value + "'");
    }
}
