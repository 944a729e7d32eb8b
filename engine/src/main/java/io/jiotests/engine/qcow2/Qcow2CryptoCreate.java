package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.crypto.LuksOptions;
import io.jiotests.engine.crypto.LuksStores;
import io.jiotests.engine.crypto.LuksVolume;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Encryption on {@code qemu-img create -f qcow2}: "encryption=on" / "encrypt.format=aes" only sets
 * crypt_method 1; "encrypt.format=luks" allocates clusters for a LUKS header after what the
 * create made (header, refcounts, L1, preallocated metadata), zeroes them, formats the LUKS
 * volume into them, points the full disk encryption header extension at it and sets crypt_method
 * 2, as QEMU does after its create has sized the image.
 */
final class Qcow2CryptoCreate {
    /** The LUKS options that the legacy aes format does not take, in QEMU's order. */
    private static final List<String> LUKS_ONLY = List.of("encrypt.cipher-alg", "encrypt.cipher-mode",
            "encrypt.ivgen-alg", "encrypt.ivgen-hash-alg", "encrypt.hash-alg", "encrypt.iter-time");

    /** What to set up: the method and, for LUKS, its options with the password. */
    record Spec(int method, LuksOptions luks) {
    }

    private Qcow2CryptoCreate() {
    }

    /** The encryption the options ask for (null for none), the secret looked up, QEMU's errors. */
    static Spec parse(OptionValues o, DriverRegistry registry) throws BlockException {
        boolean alias = o.has("encryption") && o.getFlag("encryption", false);
        String format = o.get("encrypt.format");
        if (format == null && !alias) {
            return null;
        }
        if (alias || format.equals("aes")) {
            for (String k : LUKS_ONLY) {
                if (o.has(k)) {
                    throw new BlockException(Errno.EINVAL, "Parameter '" + k + "' is unexpected");
                }
            }
            LuksOptions.secret(o.get("encrypt.key-secret"), "encrypt.", registry);
            return new Spec(Qcow2Crypto.METHOD_AES, null);
        }
        return new Spec(Qcow2Crypto.METHOD_LUKS, LuksOptions.parse(o, "encrypt.", registry));
    }

    /** Adds the encryption to the image just formatted on {@code file}. */
    static void setUp(BlockNode file, Spec spec) throws BlockException {
        Qcow2State s = Qcow2Open.open(file, OpenFlags.readWrite());
        Qcow2Header h = s.header;
        if (spec.method() == Qcow2Crypto.METHOD_LUKS) {
            LuksOptions luks = spec.luks();
            long length = LuksVolume.payloadSectors(luks.params().keyLength()) * Qcow2Crypto.SECTOR;
            long clusters = (length + s.clusterSize - 1) / s.clusterSize * s.clusterSize;
            long offset = s.refcounts.allocClusters(clusters);
            s.refblockCache.flush();
            file.pwriteZeroes(offset, clusters, 0);
            LuksVolume.format(LuksStores.at(file, offset), luks.params(), luks.password(), luks.iterTimeMs(),
                    LuksVolume.secureRandom());
            h.cryptoExtension = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putLong(offset)
                    .putLong(length).array();
        }
        h.cryptMethod = spec.method();
        Qcow2Io.write(file, 0, h.serialize());
        file.flush();
    }
}
