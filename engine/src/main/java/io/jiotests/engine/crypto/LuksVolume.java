package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * An unlocked LUKS v1 volume: its header, algorithms and the payload cipher under the master key.
 * {@link #open} checks a header and unlocks it with a password; {@link #format} writes a new
 * header with key slot 0 as QEMU lays it out (header in the first 4 KiB, each slot's key material
 * 4 KiB aligned, the payload after the eighth slot).
 */
public final class LuksVolume {
    /** Header and key-material areas are aligned to this many bytes. */
    public static final int ALIGNMENT = 4096;
    public static final int MIN_ITERATIONS = 1000;

    private final LuksHeader header;
    private final LuksParams params;
    private final SectorCipher payloadCipher;

    private LuksVolume(LuksHeader header, LuksParams params, byte[] masterKey) throws BlockException {
        this.header = header;
        this.params = params;
        this.payloadCipher = params.cipherFor(masterKey);
    }

    public LuksHeader header() {
        return header;
    }

    public LuksParams params() {
        return params;
    }

    /** Encrypts / decrypts the payload in 512-byte sectors. */
    public SectorCipher payloadCipher() {
        return payloadCipher;
    }

    /** Reads and checks the header at offset 0 of {@code store}. */
    public static LuksHeader readHeader(LuksStore store, long storeSize) throws BlockException {
        byte[] raw = new byte[LuksHeader.SIZE];
        if (storeSize < LuksHeader.MAGIC.length) {
            throw new BlockException(Errno.EINVAL, "Volume is not in LUKS format");
        }
        // a shorter volume reads as zeroes past its end, as QEMU reads the file
        store.read(0, raw);
        if (!LuksHeader.hasMagic(raw, raw.length)) {
            throw new BlockException(Errno.EINVAL, "Volume is not in LUKS format");
        }
        LuksHeader h = LuksHeader.parse(raw);
        if (h.version() != 1) {
            throw new BlockException(Errno.EINVAL, "LUKS version " + h.version() + " is not supported");
        }
        checkLayout(h);
        return h;
    }

    private static void checkLayout(LuksHeader h) throws BlockException {
        long headerSectors = roundUp(LuksHeader.SIZE, ALIGNMENT) / LuksHeader.SECTOR_SIZE;
        long payload = Integer.toUnsignedLong(h.payloadOffsetSectors());
        if (payload < headerSectors) {
            throw new BlockException(Errno.EINVAL, "LUKS payload is overlapping with the header");
        }
        // 32-bit sector arithmetic as QEMU's (a slot near 2^32 sectors wraps and passes the checks;
        // its key material then reads as zeroes past the end of the file and unlocks nothing);
        // the key length is bounded later by the cipher, before any key material is read
        long splitSectors = splitKeySectors(Integer.toUnsignedLong(h.keyBytes())) & 0xffffffffL;
        for (int i = 0; i < LuksHeader.SLOTS; i++) {
            LuksKeySlot s = h.slots().get(i);
            if (s.stripes() != LuksHeader.STRIPES) {
                throw new BlockException(Errno.EINVAL, "Keyslot " + i + " is corrupted (stripes " + s.stripes()
                        + " != " + LuksHeader.STRIPES + ")");
            }
            long start = Integer.toUnsignedLong(s.keyOffsetSectors());
            if (start < headerSectors) {
                throw new BlockException(Errno.EINVAL, "Keyslot " + i + " is overlapping with the LUKS header");
            }
            if (((start + splitSectors) & 0xffffffffL) > payload) {
                throw new BlockException(Errno.EINVAL, "Keyslot " + i + " is overlapping with the encrypted payload");
            }
            for (int j = i + 1; j < LuksHeader.SLOTS; j++) {
                long other = Integer.toUnsignedLong(h.slots().get(j).keyOffsetSectors());
                if (start < ((other + splitSectors) & 0xffffffffL) && other < ((start + splitSectors) & 0xffffffffL)) {
                    throw new BlockException(Errno.EINVAL, "Keyslots " + i + " and " + j
                            + " are overlapping in the header");
                }
            }
        }
    }

    /** Unlocks the volume with {@code password}, trying each active key slot in order. */
    public static LuksVolume open(LuksStore store, LuksHeader h, byte[] password) throws BlockException {
        LuksParams params = LuksParams.fromHeader(h);
        if (!params.cipher().available()) {
            throw new BlockException(Errno.ENOTSUP, "Cipher algorithm '" + params.cipher().qemuName()
                    + "' is not supported");
        }
        if (!params.hash().available()) {
            throw new BlockException(Errno.ENOTSUP, "Hash algorithm '" + params.hash().qemuName()
                    + "' is not supported");
        }
        for (LuksKeySlot slot : h.slots()) {
            byte[] key = slotMasterKey(store, h, params, slot, password);
            if (key != null) {
                return new LuksVolume(h, params, key);
            }
        }
        throw new BlockException(Errno.EACCES, "Invalid password, cannot unlock any keyslot");
    }

    /**
     * The master key that {@code password} unlocks from {@code slot}, or null when the slot is
     * inactive or the password does not open it (the recovered key fails the header's digest).
     */
    static byte[] slotMasterKey(LuksStore store, LuksHeader h, LuksParams params, LuksKeySlot slot,
                                byte[] password) throws BlockException {
        if (!slot.isActive()) {
            return null;
        }
        byte[] candidate = tryKeySlot(store, h, params, slot, password, h.keyBytes());
        byte[] digest = Pbkdf2.derive(params.hash(), candidate, h.mkDigestSalt(),
                Integer.toUnsignedLong(h.mkDigestIterations()), LuksHeader.DIGEST_LEN);
        return MessageDigest.isEqual(digest, h.mkDigest()) ? candidate : null;
    }

    private static byte[] tryKeySlot(LuksStore store, LuksHeader h, LuksParams params, LuksKeySlot slot,
                                     byte[] password, int keyLen) throws BlockException {
        if (slot.iterations() == 0) {
            throw new BlockException(Errno.EINVAL, "Keyslot has zero iterations");
        }
        byte[] slotKey = Pbkdf2.derive(params.hash(), password, slot.salt(), slot.iterationsUnsigned(), keyLen);
        byte[] material = new byte[keyLen * LuksHeader.STRIPES];
        store.read(slot.keyOffsetBytes(), material);
        params.cipherFor(slotKey).decrypt(0, material, 0, material.length);
        return AntiForensic.merge(params.hash(), material, keyLen, LuksHeader.STRIPES);
    }

    /** Sectors the split key material of one slot occupies (4 KiB aligned). */
    public static long splitKeySectors(long keyBytes) {
        long bytes = keyBytes * LuksHeader.STRIPES;
        return roundUp(bytes, ALIGNMENT) / LuksHeader.SECTOR_SIZE;
    }

    /** Sectors of the header and its eight key-material areas: where the payload starts. */
    public static long payloadSectors(int keyBytes) {
        return roundUp(LuksHeader.SIZE, ALIGNMENT) / LuksHeader.SECTOR_SIZE
                + LuksHeader.SLOTS * splitKeySectors(keyBytes);
    }

    private static long roundUp(long v, long align) {
        return (v + align - 1) / align * align;
    }

    /**
     * Creates a volume: a random master key split into key slot 0 under {@code password}, PBKDF2
     * iteration counts measured for {@code iterTimeMs}; the header and slot 0's material are written
     * to {@code store}. Returns the unlocked volume.
     */
    public static LuksVolume format(LuksStore store, LuksParams params, byte[] password, long iterTimeMs,
                                    Random random) throws BlockException {
        if (!params.cipher().available()) {
            throw new BlockException(Errno.ENOTSUP, "Cipher algorithm '" + params.cipher().qemuName()
                    + "' is not supported");
        }
        if (!params.hash().available()) {
            throw new BlockException(Errno.ENOTSUP, "Hash algorithm '" + params.hash().qemuName()
                    + "' is not supported");
        }
        int keyLen = params.keyLength();
        if ((long) keyLen * LuksHeader.STRIPES % LuksHeader.SECTOR_SIZE != 0) {
            throw new BlockException(Errno.EINVAL, "Split key material of " + (long) keyLen * LuksHeader.STRIPES
                    + " bytes is not a multiple of the sector size");
        }
        byte[] masterKey = bytes(random, keyLen);
        params.cipherFor(masterKey); // fails early for an unusable essiv hash
        byte[] mkSalt = bytes(random, LuksHeader.SALT_LEN);
        long mkIters = Math.max(MIN_ITERATIONS,
                Pbkdf2.iterationsFor(params.hash(), LuksHeader.DIGEST_LEN, iterTimeMs) / 8);
        byte[] digest = Pbkdf2.derive(params.hash(), masterKey, mkSalt, mkIters, LuksHeader.DIGEST_LEN);
        long split = splitKeySectors(keyLen);
        long first = roundUp(LuksHeader.SIZE, ALIGNMENT) / LuksHeader.SECTOR_SIZE;
        List<LuksKeySlot> slots = new ArrayList<>();
        for (int i = 0; i < LuksHeader.SLOTS; i++) {
            slots.add(new LuksKeySlot(LuksKeySlot.DISABLED, 0, new byte[LuksKeySlot.SALT_LEN],
                    (int) (first + i * split), LuksHeader.STRIPES));
        }
        long slotIters = Math.max(MIN_ITERATIONS, Pbkdf2.iterationsFor(params.hash(), keyLen, iterTimeMs));
        byte[] slotSalt = bytes(random, LuksKeySlot.SALT_LEN);
        slots.set(0, new LuksKeySlot(LuksKeySlot.ENABLED, (int) slotIters, slotSalt, (int) first,
                LuksHeader.STRIPES));
        UUID uuid = new UUID((random.nextLong() & ~0xf000L) | 0x4000L,
                (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L);
        LuksHeader h = new LuksHeader(1, params.cipher().luksName(), params.luksModeString(),
                params.hash().qemuName(), (int) payloadSectors(keyLen), keyLen, digest, mkSalt, (int) mkIters,
                uuid.toString(), List.copyOf(slots));
        byte[] slotKey = Pbkdf2.derive(params.hash(), password, slotSalt, slotIters, keyLen);
        byte[] material = AntiForensic.split(params.hash(), masterKey, LuksHeader.STRIPES, random);
        params.cipherFor(slotKey).encrypt(0, material, 0, material.length);
        store.write(0, h.toBytes());
        store.write(first * LuksHeader.SECTOR_SIZE, material);
        return new LuksVolume(h, params, masterKey);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A source of key material for creation. */
    public static Random secureRandom() {
        return Holder.RANDOM;
    }

    private static final class Holder {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /** QEMU's format-specific info of a LUKS volume, keys as in qemu-img info --output=json. */
    public static Map<String, Object> info(LuksHeader h) {
        Map<String, Object> m = new LinkedHashMap<>();
        String modeString = h.cipherMode();
        int dash = modeString.indexOf('-');
        String mode = dash < 0 ? modeString : modeString.substring(0, dash);
        String ivgen = dash < 0 ? "" : modeString.substring(dash + 1);
        String ivgenHash = null;
        int colon = ivgen.indexOf(':');
        if (colon >= 0) {
            ivgenHash = ivgen.substring(colon + 1);
            ivgen = ivgen.substring(0, colon);
        }
        int keyBytes = mode.equals("xts") ? h.keyBytes() / 2 : h.keyBytes();
        m.put("ivgen-alg", ivgen);
        m.put("hash-alg", h.hashSpec());
        m.put("cipher-alg", h.cipherName() + "-" + keyBytes * 8);
        m.put("uuid", h.uuid());
        if (ivgenHash != null) {
            m.put("ivgen-hash-alg", ivgenHash);
        }
        m.put("cipher-mode", mode);
        List<Object> slots = new ArrayList<>();
        for (LuksKeySlot s : h.slots()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("active", s.isActive());
            if (s.isActive()) {
                sm.put("iters", s.iterationsUnsigned());
            }
            sm.put("key-offset", s.keyOffsetBytes());
            if (s.isActive()) {
                sm.put("stripes", s.stripes());
            }
            slots.add(sm);
        }
        m.put("slots", slots);
        m.put("payload-offset", h.payloadOffsetBytes());
        m.put("master-key-iters", Integer.toUnsignedLong(h.mkDigestIterations()));
        return m;
    }
}
