package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * qemu-img amend of a LUKS volume's key slots: adding a key (state=active) to the first free slot
 * or an explicit one, and erasing keys (state=inactive) by slot or by the password they hold, with
 * QEMU's checks, errors and on-disk result.
 *
 * <p>Crash safety. A new key's material is written and flushed before the header that activates
 * the slot, so an interrupted add leaves the old header (the slot still inactive). An erase writes
 * and flushes the header with the slot disabled first, then overwrites the material
 * {@value #ERASE_PASSES} times with random bytes (what QEMU leaves there), so an interrupted
 * erase never leaves an active slot over damaged material. The other slots are never touched.
 */
public final class LuksKeySlotAmend {
    /** How many times an erased slot's key material is overwritten with random bytes, as QEMU does. */
    static final int ERASE_PASSES = 40;

    private final LuksStore store;
    private final LuksParams params;
    private final Random random;
    private LuksHeader header;

    private LuksKeySlotAmend(LuksStore store, LuksHeader header, Random random) throws BlockException {
        this.store = store;
        this.header = header;
        this.params = LuksParams.fromHeader(header);
        this.random = random;
    }

    /**
     * Applies {@code o} to the volume whose header {@code header} is at offset 0 of {@code store},
     * opened with {@code openPassword} (the key-secret: it gives the master key for a new slot).
     * Returns the header as written (the same one when nothing changed).
     */
    public static LuksHeader amend(LuksStore store, LuksHeader header, byte[] openPassword, LuksAmendOptions o,
                                   boolean force, DriverRegistry registry, Random random) throws BlockException {
        LuksKeySlotAmend a = new LuksKeySlotAmend(store, header, random);
        if (o.activate()) {
            a.add(openPassword, o, force, registry);
        } else {
            a.erase(o, force, registry);
        }
        return a.header;
    }

    private void add(byte[] openPassword, LuksAmendOptions o, boolean force, DriverRegistry registry)
            throws BlockException {
        if (o.newSecret() == null) {
            throw new BlockException(Errno.EINVAL, "'new-secret' is required to activate a keyslot");
        }
        if (o.oldSecret() != null) {
            throw new BlockException(Errno.EINVAL, "'old-secret' must not be given when activating keyslots");
        }
        int slot;
        if (o.keyslot() != null) {
            slot = checkRange(o.keyslot());
        } else {
            slot = firstFreeSlot();
            if (slot < 0) {
                throw new BlockException(Errno.EINVAL, "Can't add a keyslot - all keyslots are in use");
            }
        }
        if (!force && header.slots().get(slot).isActive()) {
            throw new BlockException(Errno.EINVAL, "Refusing to overwrite active keyslot " + slot
                    + " - please erase it first");
        }
        byte[] masterKey = masterKey(openPassword);
        byte[] password = LuksOptions.secret(o.newSecret(), registry);
        storeKey(slot, password, masterKey, o.iterTimeMs());
    }

    private byte[] masterKey(byte[] password) throws BlockException {
        for (LuksKeySlot s : header.slots()) {
            byte[] key = LuksVolume.slotMasterKey(store, header, params, s, password);
            if (key != null) {
                return key;
            }
        }
        throw new BlockException(Errno.EACCES,
                "Failed to retrieve the master key: Invalid password, cannot unlock any keyslot");
    }

    private int firstFreeSlot() {
        for (int i = 0; i < LuksHeader.SLOTS; i++) {
            if (!header.slots().get(i).isActive()) {
                return i;
            }
        }
        return -1;
    }

    private static int checkRange(int slot) throws BlockException {
        if (slot < 0 || slot >= LuksHeader.SLOTS) {
            throw new BlockException(Errno.EINVAL, "Invalid keyslot " + Integer.toUnsignedString(slot)
                    + " specified, must be between 0 and " + (LuksHeader.SLOTS - 1));
        }
        return slot;
    }

    /** Writes {@code masterKey} into {@code slot} under {@code password}: material, flush, header, flush. */
    private void storeKey(int slot, byte[] password, byte[] masterKey, long iterTimeMs) throws BlockException {
        int keyLen = header.keyBytes();
        long iterations;
        if (iterTimeMs < 0) {
            // an unsigned time above 2^63 ms: QEMU's scaling of the timed count overflows
            long perSecond = Pbkdf2.iterationsFor(params.hash(), keyLen, 1000);
            throw new BlockException(Errno.ERANGE, "PBKDF iterations " + perSecond
                    + " too large to scale: Numerical result out of range\nFailed to write to keyslot " + slot);
        }
        iterations = Math.max(LuksVolume.MIN_ITERATIONS, Pbkdf2.iterationsFor(params.hash(), keyLen, iterTimeMs));
        byte[] salt = new byte[LuksKeySlot.SALT_LEN];
        random.nextBytes(salt);
        byte[] slotKey = Pbkdf2.derive(params.hash(), password, salt, iterations, keyLen);
        byte[] material = AntiForensic.split(params.hash(), masterKey, LuksHeader.STRIPES, random);
        params.cipherFor(slotKey).encrypt(0, material, 0, material.length);
        LuksKeySlot old = header.slots().get(slot);
        store.write(old.keyOffsetBytes(), material);
        store.flush();
        LuksHeader updated = header.withSlot(slot, new LuksKeySlot(LuksKeySlot.ENABLED, (int) iterations, salt,
                old.keyOffsetSectors(), old.stripes()));
        store.write(0, updated.toBytes());
        store.flush();
        header = updated;
    }

    private void erase(LuksAmendOptions o, boolean force, DriverRegistry registry) throws BlockException {
        if (o.newSecret() != null) {
            throw new BlockException(Errno.EINVAL, "'new-secret' must not be given when erasing keyslots");
        }
        byte[] oldPassword = o.oldSecret() == null ? null : LuksOptions.secret(o.oldSecret(), registry);
        int active = activeCount();
        if (o.keyslot() != null) {
            int slot = checkRange(o.keyslot());
            if (oldPassword != null) {
                if (!matches(slot, oldPassword)) {
                    throw new BlockException(Errno.EINVAL, "Given keyslot " + slot
                            + " doesn't contain the given old password for erase operation");
                }
            } else if (!header.slots().get(slot).isActive()) {
                throw new BlockException(Errno.EINVAL, "Given keyslot " + slot + " is already erased (inactive) ");
            }
            if (!force && active == 1) {
                throw new BlockException(Errno.EINVAL, "Attempt to erase the only active keyslot " + slot
                        + " which will erase all the data in the image irreversibly - refusing operation");
            }
            eraseSlot(slot);
            return;
        }
        if (oldPassword == null) {
            throw new BlockException(Errno.EINVAL, "To erase keyslot(s), either explicit keyslot index or the "
                    + "password currently contained in them must be given");
        }
        List<Integer> matching = new ArrayList<>();
        for (int i = 0; i < LuksHeader.SLOTS; i++) {
            if (matches(i, oldPassword)) {
                matching.add(i);
            }
        }
        if (matching.isEmpty()) {
            throw new BlockException(Errno.EINVAL, "No keyslots match given (old) password for erase operation");
        }
        if (!force && matching.size() == active) {
            throw new BlockException(Errno.EINVAL, "All the active keyslots match the (old) password that was "
                    + "given and erasing them will erase all the data in the image irreversibly - refusing operation");
        }
        for (int slot : matching) {
            eraseSlot(slot);
        }
    }

    private int activeCount() {
        int n = 0;
        for (LuksKeySlot s : header.slots()) {
            if (s.isActive()) {
                n++;
            }
        }
        return n;
    }

    private boolean matches(int slot, byte[] password) throws BlockException {
        return LuksVolume.slotMasterKey(store, header, params, header.slots().get(slot), password) != null;
    }

    /** Disables {@code slot} in the header (flushed), then overwrites its key material with random bytes. */
    private void eraseSlot(int slot) throws BlockException {
        LuksKeySlot old = header.slots().get(slot);
        LuksHeader updated = header.withSlot(slot, new LuksKeySlot(LuksKeySlot.DISABLED, 0,
                new byte[LuksKeySlot.SALT_LEN], old.keyOffsetSectors(), old.stripes()));
        store.write(0, updated.toBytes());
        store.flush();
        header = updated;
        byte[] garbage = new byte[Math.multiplyExact(header.keyBytes(), LuksHeader.STRIPES)];
        for (int pass = 0; pass < ERASE_PASSES; pass++) {
            random.nextBytes(garbage);
            store.write(old.keyOffsetBytes(), garbage);
        }
        store.flush();
    }
}
