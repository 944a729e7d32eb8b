package io.jiotests.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Formatting a LUKS volume into memory, its layout, and unlocking it again. */
class LuksVolumeTest {
    private static final byte[] PASSWORD = "123456".getBytes(StandardCharsets.UTF_8);

    /** A store over a byte array. */
    static class MemoryStore implements LuksStore {
        byte[] data = new byte[4 << 20];

        @Override
        public void read(long offset, byte[] dst) {
            System.arraycopy(data, (int) offset, dst, 0, dst.length);
        }

        @Override
        public void write(long offset, byte[] src) {
            System.arraycopy(src, 0, data, (int) offset, src.length);
        }
    }

    @Test
    void defaultLayoutIsQemus() throws BlockException {
        MemoryStore store = new MemoryStore();
        LuksVolume v = LuksVolume.format(store, LuksParams.defaults(), PASSWORD, 1, new Random(1));
        LuksHeader h = LuksVolume.readHeader(store, store.data.length);
        assertThat(h.cipherName()).isEqualTo("aes");
        assertThat(h.cipherMode()).isEqualTo("xts-plain64");
        assertThat(h.hashSpec()).isEqualTo("sha256");
        assertThat(h.keyBytes()).isEqualTo(64);
        assertThat(h.payloadOffsetSectors()).isEqualTo(4040);
        assertThat(h.slots()).extracting(LuksKeySlot::keyOffsetSectors)
                .containsExactly(8, 512, 1016, 1520, 2024, 2528, 3032, 3536);
        assertThat(h.slots()).extracting(LuksKeySlot::isActive)
                .containsExactly(true, false, false, false, false, false, false, false);
        assertThat(h.slots().get(0).iterationsUnsigned()).isGreaterThanOrEqualTo(LuksVolume.MIN_ITERATIONS);
        assertThat(h.uuid()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(LuksHeader.parse(h.toBytes())).usingRecursiveComparison().isEqualTo(h);
        assertThat(v.params()).isEqualTo(LuksParams.defaults());
    }

    @Test
    void unlocksWithThePasswordAndDecryptsWhatTheCreatorEncrypted() throws BlockException {
        for (LuksParams p : new LuksParams[] {LuksParams.defaults(),
            new LuksParams(CipherAlg.AES_128, CipherMode.CBC, IvGenAlg.ESSIV, HashAlg.SHA256, HashAlg.SHA1),
            new LuksParams(CipherAlg.AES_256, CipherMode.CTR, IvGenAlg.PLAIN, null, HashAlg.SHA512)}) {
            MemoryStore store = new MemoryStore();
            LuksVolume created = LuksVolume.format(store, p, PASSWORD, 1, new Random(7));
            byte[] data = new byte[4096];
            new Random(3).nextBytes(data);
            byte[] enc = data.clone();
            created.payloadCipher().encrypt(100, enc, 0, enc.length);
            LuksHeader h = LuksVolume.readHeader(store, store.data.length);
            LuksVolume opened = LuksVolume.open(store, h, PASSWORD);
            assertThat(opened.params()).isEqualTo(p);
            opened.payloadCipher().decrypt(100, enc, 0, enc.length);
            assertThat(enc).isEqualTo(data);
            assertThatThrownBy(() -> LuksVolume.open(store, h, "654321".getBytes(StandardCharsets.UTF_8)))
                    .hasMessage("Invalid password, cannot unlock any keyslot");
        }
    }

    @Test
    void corruptHeadersAreRefusedWithQemusTexts() throws BlockException {
        MemoryStore store = new MemoryStore();
        LuksVolume.format(store, LuksParams.defaults(), PASSWORD, 1, new Random(1));
        byte[] good = Arrays.copyOf(store.data, LuksHeader.SIZE);
        store.data[0] = 'X';
        assertThatThrownBy(() -> LuksVolume.readHeader(store, store.data.length))
                .hasMessage("Volume is not in LUKS format");
        System.arraycopy(good, 0, store.data, 0, good.length);
        store.data[7] = 2;
        assertThatThrownBy(() -> LuksVolume.readHeader(store, store.data.length))
                .hasMessage("LUKS version 2 is not supported");
        System.arraycopy(good, 0, store.data, 0, good.length);
        store.data[208 + 48 + 47] = 1; // slot 1 stripes
        assertThatThrownBy(() -> LuksVolume.readHeader(store, store.data.length))
                .hasMessage("Keyslot 1 is corrupted (stripes 3841 != 4000)");
    }
}
