package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.crypto.CipherAlg;
import io.jiotests.engine.crypto.CipherMode;
import io.jiotests.engine.crypto.IvGenAlg;
import io.jiotests.engine.crypto.LuksAmendOptions;
import io.jiotests.engine.crypto.LuksHeader;
import io.jiotests.engine.crypto.LuksKeySlotAmend;
import io.jiotests.engine.crypto.LuksOptions;
import io.jiotests.engine.crypto.LuksStore;
import io.jiotests.engine.crypto.LuksStores;
import io.jiotests.engine.crypto.LuksVolume;
import io.jiotests.engine.crypto.SectorCipher;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The encryption of a qcow2 image's data clusters. crypt_method 1 (legacy "aes"): AES-128-CBC with
 * plain64 IVs from the guest sector number, the key being the password cut or zero padded to 16
 * bytes. crypt_method 2 ("luks"): a LUKS v1 header in the clusters the full disk encryption header
 * extension (0x0537be77: offset and length, big endian) points at, the payload cipher's IVs from
 * the host sector number. Metadata is never encrypted. Sector size 512.
 */
final class Qcow2Crypto {
    static final int METHOD_AES = 1;
    static final int METHOD_LUKS = 2;
    static final int SECTOR = 512;

    final int method;
    /** The LUKS header (method 2), for info; replaced when amend changes the key slots. */
    volatile LuksHeader luksHeader;
    final long luksOffset;
    final long luksLength;
    /** Null when the image was opened for metadata only. */
    private final SectorCipher cipher;
    /** The LUKS header's clusters (method 2). */
    private final LuksStore luksStore;
    /** The key-secret the image was opened with, null for metadata-only opens. */
    private final byte[] openPassword;
    private final DriverRegistry registry;

    Qcow2Crypto(int method, LuksHeader luksHeader, long luksOffset, long luksLength, SectorCipher cipher) {
        this(method, luksHeader, luksOffset, luksLength, cipher, null, null, null);
    }

    private Qcow2Crypto(int method, LuksHeader luksHeader, long luksOffset, long luksLength, SectorCipher cipher,
                        LuksStore luksStore, byte[] openPassword, DriverRegistry registry) {
        this.method = method;
        this.luksHeader = luksHeader;
        this.luksOffset = luksOffset;
        this.luksLength = luksLength;
        this.cipher = cipher;
        this.luksStore = luksStore;
        this.openPassword = openPassword;
        this.registry = registry;
    }

    /**
     * qemu-img amend's encrypt.* options: QEMU's errors when the image has no encryption or legacy
     * AES (checked before anything changes).
     */
    static void checkAmendable(Qcow2Crypto crypto) throws BlockException {
        if (crypto == null) {
            throw new BlockException(Errno.EINVAL, "Can't amend encryption options - encryption not present");
        }
        if (crypto.method != METHOD_LUKS) {
            throw new BlockException(Errno.EINVAL, "Only LUKS encryption options can be amended");
        }
    }

    /** Adds or erases LUKS key slots in the header clusters ({@link LuksKeySlotAmend}). */
    void amendKeySlots(LuksAmendOptions o, boolean force) throws BlockException {
        if (luksStore == null || openPassword == null) {
            throw new BlockException(Errno.EIO, "Input/output error");
        }
        luksHeader = LuksKeySlotAmend.amend(luksStore, luksHeader, openPassword, o, force, registry,
                LuksVolume.secureRandom());
    }

    static String formatName(int method) {
        return method == METHOD_AES ? "aes" : "luks";
    }

    /** Sets up the encryption of an open image (null when it has none), with QEMU's errors. */
    static Qcow2Crypto open(Qcow2State s, Map<String, String> options, OpenFlags flags, DriverRegistry registry)
            throws BlockException {
        int method = s.header.cryptMethod;
        if (method == 0) {
            return null;
        }
        String wanted = options == null ? null : options.get("encrypt.format");
        if (wanted != null && !wanted.equals(formatName(method))) {
            throw new BlockException(Errno.EINVAL, "Header reported '" + formatName(method)
                    + "' encryption format but options specify '" + wanted + "'");
        }
        LuksHeader luks = null;
        long off = 0;
        long len = 0;
        if (method == METHOD_LUKS) {
            byte[] ext = s.header.cryptoExtension;
            if (ext == null || ext.length != 16) {
                throw new BlockException(Errno.EINVAL, ext == null ? "Missing CRYPTO header for crypt method " + method
                        : "Invalid encryption header extension length " + ext.length);
            }
            ByteBuffer b = ByteBuffer.wrap(ext).order(ByteOrder.BIG_ENDIAN);
            off = b.getLong();
            len = b.getLong();
            long fileLen = s.file.length();
            if (off < 0 || len < 0 || off % s.clusterSize != 0 || off > fileLen || len > fileLen - off) {
                throw new BlockException(Errno.EINVAL, "Invalid encryption header offset or length");
            }
            LuksStore store = bounded(LuksStores.at(s.file, off), len);
            luks = LuksVolume.readHeader(store, len);
            if (flags.noIo()) {
                return new Qcow2Crypto(method, luks, off, len, null);
            }
            byte[] password = LuksOptions.secret(secretId(options), registry);
            LuksVolume v = LuksVolume.open(store, luks, password);
            return new Qcow2Crypto(method, luks, off, len, v.payloadCipher(), store, password, registry);
        }
        if (flags.noIo()) {
            return new Qcow2Crypto(method, null, 0, 0, null);
        }
        byte[] password = LuksOptions.secret(secretId(options), registry);
        return new Qcow2Crypto(method, null, 0, 0, legacyAesCipher(password));
    }

    private static String secretId(Map<String, String> options) throws BlockException {
        String id = options == null ? null : options.get("encrypt.key-secret");
        if (id == null) {
            throw new BlockException(Errno.EINVAL, "Parameter 'encrypt.key-secret' is required for cipher");
        }
        return id;
    }

    /** The legacy qcow/qcow2 AES cipher: the password, cut or zero padded to 16 bytes, as the key. */
    static SectorCipher legacyAesCipher(byte[] password) throws BlockException {
        byte[] key = new byte[16];
        System.arraycopy(password, 0, key, 0, Math.min(16, password.length));
        return SectorCipher.create(CipherAlg.AES_128, CipherMode.CBC, IvGenAlg.PLAIN64, null, key, SECTOR);
    }

    private static LuksStore bounded(LuksStore inner, long length) {
        return new LuksStore() {
            @Override
            public void read(long offset, byte[] dst) throws BlockException {
                check(offset, dst.length);
                inner.read(offset, dst);
            }

            @Override
            public void write(long offset, byte[] src) throws BlockException {
                check(offset, src.length);
                inner.write(offset, src);
            }

            @Override
            public void flush() throws BlockException {
                inner.flush();
            }

            private void check(long offset, int n) throws BlockException {
                if (offset < 0 || offset > length || n > length - offset) {
                    throw new BlockException(Errno.EINVAL, "Request for data outside of extents of header");
                }
            }
        };
    }

    private SectorCipher cipher() throws BlockException {
        if (cipher == null) {
            throw new BlockException(Errno.EIO, "Input/output error");
        }
        return cipher;
    }

    /** The IV sector of data at these offsets: the host's for LUKS, the guest's for legacy AES. */
    private long sector(long host, long guest) {
        return (method == METHOD_LUKS ? host : guest) / SECTOR;
    }

    void decrypt(long host, long guest, byte[] buf, int off, int len) throws BlockException {
        cipher().decrypt(sector(host, guest), buf, off, len);
    }

    void encrypt(long host, long guest, byte[] buf, int off, int len) throws BlockException {
        cipher().encrypt(sector(host, guest), buf, off, len);
    }

    /** Decrypts the bytes of {@code dst} from {@code pos}, {@code len} of them, in place. */
    void decrypt(long host, long guest, ByteBuffer dst, int pos, int len) throws BlockException {
        byte[] tmp = new byte[len];
        dst.get(pos, tmp);
        decrypt(host, guest, tmp, 0, len);
        dst.put(pos, tmp);
    }

    /** QEMU's "encrypt" entry of the qcow2 format-specific info. */
    Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (method == METHOD_AES) {
            m.put("format", "aes");
            return m;
        }
        for (Map.Entry<String, Object> e : LuksVolume.info(luksHeader).entrySet()) {
            m.put(e.getKey(), e.getValue());
            if (e.getKey().equals("uuid")) {
                m.put("format", "luks");
            }
        }
        return m;
    }
}
