package io.jiotests.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OptionValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Key-slot amend on an in-memory volume (fixed seeds): adding a key opens the volume with the new
 * password, erasing it makes that password fail, QEMU's checks and texts, the order of writes and
 * flushes (material before the header that activates it; the disabled header before the wipe),
 * and that the other slots and the header fields outside the amended slot never change.
 */
class LuksKeySlotAmendTest {
    private static final byte[] OLD = bytes("abc");
    private static final byte[] NEW = bytes("xyz");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A memory store that logs its writes ("W offset length") and flushes ("F"). */
    static final class LoggingStore extends LuksVolumeTest.MemoryStore {
        final List<String> log = new ArrayList<>();

        @Override
        public void write(long offset, byte[] src) {
            super.write(offset, src);
            log.add("W " + offset + " " + src.length);
        }

        @Override
        public void flush() {
            log.add("F");
        }
    }

    private final DriverRegistry registry = new DriverRegistry(List.of());
    private final LoggingStore store = new LoggingStore();
    private LuksHeader header;

    LuksKeySlotAmendTest() throws BlockException {
        registry.addSecret("s", OLD);
        registry.addSecret("n", NEW);
        registry.addSecret("e", new byte[0]);
        LuksVolume.format(store, LuksParams.defaults(), OLD, 1, new Random(1));
        header = LuksVolume.readHeader(store, store.data.length);
        store.log.clear();
    }

    private LuksHeader amend(String options, boolean force, long seed) throws BlockException {
        OptionValues o = new OptionValues();
        for (String kv : options.split(",")) {
            int eq = kv.indexOf('=');
            o.set(kv.substring(0, eq), kv.substring(eq + 1));
        }
        header = LuksKeySlotAmend.amend(store, header, OLD, LuksAmendOptions.parse(o, ""), force, registry,
                new Random(seed));
        assertThat(LuksVolume.readHeader(store, store.data.length)).usingRecursiveComparison().isEqualTo(header);
        return header;
    }

    private boolean opens(byte[] password) throws BlockException {
        try {
            LuksVolume.open(store, header, password);
            return true;
        } catch (BlockException e) {
            assertThat(e).hasMessage("Invalid password, cannot unlock any keyslot");
            return false;
        }
    }

    private static List<Boolean> active(LuksHeader h) {
        return h.slots().stream().map(LuksKeySlot::isActive).toList();
    }

    @Test
    void addedKeyOpensTheVolumeWithTheSameMasterKeyAndErasingItLocksThatPasswordOut() throws BlockException {
        byte[] payload = new byte[1024];
        new Random(5).nextBytes(payload);
        byte[] enc = payload.clone();
        LuksVolume.open(store, header, OLD).payloadCipher().encrypt(9, enc, 0, enc.length);
        byte[] before = header.toBytes();
        assertThat(opens(NEW)).isFalse();

        amend("state=active,new-secret=n,iter-time=1", false, 2);
        assertThat(active(header)).containsExactly(true, true, false, false, false, false, false, false);
        // material, flush, then the header that activates slot 1 (at 512 sectors), flush
        assertThat(store.log).containsExactly("W 262144 256000", "F", "W 0 592", "F");
        byte[] after = header.toBytes();
        // only slot 1's 48 bytes of the header changed; its offset and stripes stayed
        for (int i = 0; i < LuksHeader.SIZE; i++) {
            if (i < 208 + 48 || i >= 208 + 2 * 48) {
                assertThat(after[i]).as("header byte %d", i).isEqualTo(before[i]);
            }
        }
        assertThat(header.slots().get(1).keyOffsetSectors()).isEqualTo(512);
        assertThat(header.slots().get(1).stripes()).isEqualTo(4000);
        assertThat(header.slots().get(1).iterationsUnsigned()).isGreaterThanOrEqualTo(LuksVolume.MIN_ITERATIONS);
        assertThat(opens(NEW)).isTrue();
        assertThat(opens(OLD)).isTrue();
        byte[] dec = enc.clone();
        LuksVolume.open(store, header, NEW).payloadCipher().decrypt(9, dec, 0, dec.length);
        assertThat(dec).isEqualTo(payload);

        store.log.clear();
        byte[] slot0Material = Arrays.copyOfRange(store.data, 4096, 4096 + 256000);
        amend("state=inactive,old-secret=n", false, 3);
        assertThat(active(header)).containsExactly(true, false, false, false, false, false, false, false);
        // the header disabling the slot first, then 40 random overwrites of its material
        List<String> want = new ArrayList<>(List.of("W 0 592", "F"));
        for (int i = 0; i < LuksKeySlotAmend.ERASE_PASSES; i++) {
            want.add("W 262144 256000");
        }
        want.add("F");
        assertThat(store.log).isEqualTo(want);
        LuksKeySlot erased = header.slots().get(1);
        assertThat(erased.active()).isEqualTo(LuksKeySlot.DISABLED);
        assertThat(erased.iterations()).isZero();
        assertThat(erased.salt()).containsOnly(0);
        assertThat(erased.keyOffsetSectors()).isEqualTo(512);
        assertThat(erased.stripes()).isEqualTo(4000);
        assertThat(header.toBytes()).isEqualTo(before);
        byte[] wiped = Arrays.copyOfRange(store.data, 262144, 262144 + 256000);
        assertThat(wiped).isNotEqualTo(new byte[256000]);
        assertThat(Arrays.copyOfRange(store.data, 4096, 4096 + 256000)).isEqualTo(slot0Material);
        assertThat(opens(NEW)).isFalse();
        assertThat(opens(OLD)).isTrue();
    }

    @Test
    void explicitSlotsEmptyPasswordsForceAndErasingByPasswordAcrossSlots() throws BlockException {
        amend("state=active,new-secret=n,keyslot=5,iter-time=1", false, 2);
        amend("state=active,new-secret=e,iter-time=1", false, 3);
        amend("state=active,new-secret=n,iter-time=1", false, 4);
        assertThat(active(header)).containsExactly(true, true, true, false, false, true, false, false);
        assertThat(opens(new byte[0])).isTrue();
        amend("state=inactive,old-secret=n", false, 5);
        assertThat(active(header)).containsExactly(true, true, false, false, false, false, false, false);
        assertThat(opens(NEW)).isFalse();
        assertThat(opens(new byte[0])).isTrue();
        amend("state=inactive,old-secret=e", false, 6);
        assertThat(opens(new byte[0])).isFalse();
        assertThat(opens(OLD)).isTrue();
    }

    @Test
    void refusalsHaveQemusTextsAndWriteNothing() throws BlockException {
        String[][] cases = {
            {"state=active", "'new-secret' is required to activate a keyslot"},
            {"state=active,new-secret=n,old-secret=s", "'old-secret' must not be given when activating keyslots"},
            {"state=active,new-secret=n,keyslot=8", "Invalid keyslot 8 specified, must be between 0 and 7"},
            {"state=active,new-secret=n,keyslot=-1",
                "Invalid keyslot 4294967295 specified, must be between 0 and 7"},
            {"state=active,new-secret=n,keyslot=0", "Refusing to overwrite active keyslot 0 - please erase it first"},
            {"state=active,new-secret=n,keyslot=4294967296",
                "Refusing to overwrite active keyslot 0 - please erase it first"},
            {"state=active,new-secret=nope", "No secret with id 'nope'"},
            {"state=inactive", "To erase keyslot(s), either explicit keyslot index or the password currently "
                + "contained in them must be given"},
            {"state=inactive,keyslot=0", "Attempt to erase the only active keyslot 0 which will erase all the data "
                + "in the image irreversibly - refusing operation"},
            {"state=inactive,keyslot=3", "Given keyslot 3 is already erased (inactive) "},
            {"state=inactive,keyslot=9", "Invalid keyslot 9 specified, must be between 0 and 7"},
            {"state=inactive,keyslot=1,old-secret=s",
                "Given keyslot 1 doesn't contain the given old password for erase operation"},
            {"state=inactive,keyslot=0,old-secret=n",
                "Given keyslot 0 doesn't contain the given old password for erase operation"},
            {"state=inactive,new-secret=n", "'new-secret' must not be given when erasing keyslots"},
            {"state=inactive,old-secret=s", "All the active keyslots match the (old) password that was given and "
                + "erasing them will erase all the data in the image irreversibly - refusing operation"},
            {"state=inactive,old-secret=n", "No keyslots match given (old) password for erase operation"},
            {"state=inactive,old-secret=nope,keyslot=9", "No secret with id 'nope'"},
            {"state=bogus", "Parameter 'state' does not accept value 'bogus'"},
            {"new-secret=n", "Parameter 'state' is missing"},
            {"state=active,new-secret=n,keyslot=1x", "Parameter 'keyslot' expects a number"},
        };
        byte[] image = store.data.clone();
        for (String[] c : cases) {
            assertThatThrownBy(() -> amend(c[0], false, 9)).as(c[0]).isInstanceOf(BlockException.class)
                    .hasMessage(c[1]);
        }
        assertThat(store.log).isEmpty();
        assertThat(store.data).isEqualTo(image);
    }

    @Test
    void allSlotsInUseAndTheLastSlotErasedWithForce() throws BlockException {
        for (int i = 1; i < LuksHeader.SLOTS; i++) {
            amend("state=active,new-secret=n,iter-time=1", false, 10 + i);
        }
        assertThat(active(header)).containsOnly(true);
        assertThatThrownBy(() -> amend("state=active,new-secret=n,iter-time=1", false, 20))
                .hasMessage("Can't add a keyslot - all keyslots are in use");
        // --force overwrites an active slot: slot 0 now holds the new password only
        amend("state=active,new-secret=n,keyslot=0,iter-time=1", true, 21);
        assertThat(opens(OLD)).isFalse();
        assertThat(opens(NEW)).isTrue();
        amend("state=inactive,keyslot=3", false, 22);
        assertThatThrownBy(() -> amend("state=inactive,old-secret=n", false, 23)).hasMessageStartingWith(
                "All the active keyslots match the (old) password");
        amend("state=inactive,old-secret=n", true, 24);
        assertThat(active(header)).containsOnly(false);
        assertThat(opens(NEW)).isFalse();
    }
}
