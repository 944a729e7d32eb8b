package io.jiotests.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** XTS-AES against the IEEE 1619-2007 Annex B vectors, and the other modes round-tripping. */
class SectorCipherTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] xts(String key, long sector, byte[] plain) throws BlockException {
        SectorCipher c = SectorCipher.create(CipherAlg.AES_128, CipherMode.XTS, IvGenAlg.PLAIN64, null,
                HEX.parseHex(key), plain.length);
        byte[] buf = plain.clone();
        c.encrypt(sector, buf, 0, buf.length);
        return buf;
    }

    @Test
    void ieee1619Vector1AllZeroKeys() throws BlockException {
        assertThat(HEX.formatHex(xts("00".repeat(32), 0, new byte[32])))
                .isEqualTo("917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e");
    }

    @Test
    void ieee1619Vector2() throws BlockException {
        byte[] p = new byte[32];
        Arrays.fill(p, (byte) 0x44);
        assertThat(HEX.formatHex(xts("11".repeat(16) + "22".repeat(16), 0x3333333333L, p)))
                .isEqualTo("c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0");
    }

    @Test
    void ieee1619Vector3() throws BlockException {
        byte[] p = new byte[32];
        Arrays.fill(p, (byte) 0x44);
        assertThat(HEX.formatHex(xts("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0" + "22".repeat(16), 0x3333333333L, p)))
                .isEqualTo("af85336b597afc1a900b2eb21ec949d292df4c047e0b21532186a5971a227a89");
    }

    /** Vectors 4 and 5: a 512-byte data unit, the tweak carried across all 32 blocks. */
    @Test
    void ieee1619Vectors4And5FullSector() throws BlockException {
        byte[] p = new byte[512];
        for (int i = 0; i < 512; i++) {
            p[i] = (byte) i;
        }
        String key = "27182818284590452353602874713526" + "31415926535897932384626433832795";
        String c4 = HEX.formatHex(xts(key, 0, p));
        assertThat(c4).startsWith("27a7479befa1d476489f308cd4cfa6e2a96e4bbe3208ff25287dd3819616e89c")
                .endsWith("eb4a427d1923ce3ff262735779a418f20a282df920147beabe421ee5319d0568");
        String c5 = HEX.formatHex(xts(key, 1, p));
        assertThat(c5).startsWith("bbf9d6a74a7465fee20f42adf9a623fc954f3b55587e8e429eec6f71e738a390")
                .endsWith("4215c1da70bf067c79ab21d92839eb959b1c84a52a6a5dc065db2496fc4e84cb");
    }

    @Test
    void everyModeRoundTripsAndDependsOnTheSector() throws BlockException {
        Random r = new Random(42);
        byte[] plain = new byte[2048];
        r.nextBytes(plain);
        for (CipherMode mode : CipherMode.values()) {
            for (IvGenAlg ivgen : IvGenAlg.values()) {
                byte[] key = new byte[SectorCipher.keyLength(CipherAlg.AES_256, mode)];
                r.nextBytes(key);
                SectorCipher c = SectorCipher.create(CipherAlg.AES_256, mode, ivgen, HashAlg.SHA256, key, 512);
                byte[] buf = plain.clone();
                c.encrypt(7, buf, 0, buf.length);
                assertThat(buf).as(mode + "/" + ivgen).isNotEqualTo(plain);
                byte[] other = plain.clone();
                c.encrypt(8, other, 0, other.length);
                if (mode != CipherMode.ECB) {
                    assertThat(Arrays.copyOfRange(other, 0, 512)).as(mode + "/" + ivgen)
                            .isNotEqualTo(Arrays.copyOfRange(buf, 0, 512));
                }
                c.decrypt(7, buf, 0, buf.length);
                assertThat(buf).as(mode + "/" + ivgen).isEqualTo(plain);
            }
        }
    }

    @Test
    void essivWithAHashThatIsNoAesKeySizeIsRefusedAsQemuDoes() {
        assertThatThrownBy(() -> SectorCipher.create(CipherAlg.AES_256, CipherMode.CBC, IvGenAlg.ESSIV,
                HashAlg.SHA1, new byte[32], 512)).hasMessage("No AES cipher with key size 20 available");
    }

    @Test
    void partialSectorsAreRefused() throws BlockException {
        SectorCipher c = SectorCipher.create(CipherAlg.AES_128, CipherMode.XTS, IvGenAlg.PLAIN64, null,
                new byte[32], 512);
        assertThatThrownBy(() -> c.encrypt(0, new byte[1000], 0, 1000)).isInstanceOf(BlockException.class);
    }
}
