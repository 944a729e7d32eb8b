package io.jiotests.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The anti-forensic splitter: merge inverts split for any key, stripe count and hash. */
class AntiForensicTest {

    @Property(tries = 60, seed = "20261126")
    void mergeInvertsSplit(@ForAll @IntRange(min = 1, max = 96) int keyLen,
                           @ForAll @IntRange(min = 1, max = 300) int stripes,
                           @ForAll("hashes") HashAlg hash,
                           @ForAll @LongRange long seed) throws BlockException {
        Random r = new Random(seed);
        byte[] key = new byte[keyLen];
        r.nextBytes(key);
        byte[] material = AntiForensic.split(hash, key, stripes, r);
        assertThat(material).hasSize(keyLen * stripes);
        assertThat(AntiForensic.merge(hash, material, keyLen, stripes)).isEqualTo(key);
        if (stripes > 1) {
            material[r.nextInt(material.length)] ^= 1;
            assertThat(AntiForensic.merge(hash, material, keyLen, stripes)).isNotEqualTo(key);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<HashAlg> hashes() {
        return net.jqwik.api.Arbitraries.of(HashAlg.SHA1, HashAlg.SHA256, HashAlg.SHA512, HashAlg.MD5);
    }
}
