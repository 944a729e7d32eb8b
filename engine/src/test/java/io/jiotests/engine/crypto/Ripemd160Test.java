package io.jiotests.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * RIPEMD-160 against the vectors of its authors' page, fed whole and byte by byte; HMAC-RIPEMD-160
 * against RFC 2286; PBKDF2 over it against OpenSSL's value.
 */
class Ripemd160Test {
    private static final HexFormat HEX = HexFormat.of();

    private static String hash(String s) {
        MessageDigest md = new Ripemd160();
        byte[] whole = md.digest(s.getBytes(StandardCharsets.US_ASCII));
        for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
            md.update(b);
        }
        assertThat(md.digest()).as("byte by byte").isEqualTo(whole);
        return HEX.formatHex(whole);
    }

    @Test
    void authorsVectors() {
        assertThat(hash("")).isEqualTo("9c1185a5c5e9fc54612808977ee8f548b2258d31");
        assertThat(hash("a")).isEqualTo("0bdc9d2d256b3ee9daae347be6f4dc835a467ffe");
        assertThat(hash("abc")).isEqualTo("8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
        assertThat(hash("message digest")).isEqualTo("5d0689ef49d2fae572b881b123a85ffa21595f36");
        assertThat(hash("abcdefghijklmnopqrstuvwxyz")).isEqualTo("f71c27109c692c1b56bbdceb5b9d2865b3708dbc");
        assertThat(hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                .isEqualTo("12a053384a9c0c88e405a06c27dcf49ada62eb2b");
        assertThat(hash("1234567890".repeat(8))).isEqualTo("9b752e45573d4b39f4dbd3323cab82bf63326bfb");
    }

    @Test
    void millionAs() {
        MessageDigest md = new Ripemd160();
        byte[] chunk = "a".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 1000; i++) {
            md.update(chunk, 0, chunk.length);
        }
        assertThat(HEX.formatHex(md.digest())).isEqualTo("52783243c1697bdbe16d37f97f68f08325dc1528");
    }

    @Test
    void hmacRfc2286() throws Exception {
        Mac mac = HashAlg.RIPEMD160.newMac();
        mac.init(new SecretKeySpec(HEX.parseHex("0b".repeat(20)), "HMAC"));
        assertThat(HEX.formatHex(mac.doFinal("Hi There".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("24cb4bd67d20fc1a5d2ed7732dcc39377f0a5668");
        mac.init(new SecretKeySpec("Jefe".getBytes(StandardCharsets.US_ASCII), "HMAC"));
        assertThat(HEX.formatHex(mac.doFinal("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("dda6c0213a485a9e24f4742064a7f033b43c4069");
    }

    @Test
    void pbkdf2OverRipemd160() throws BlockException {
        byte[] a = Pbkdf2.derive(HashAlg.RIPEMD160, "password".getBytes(StandardCharsets.US_ASCII),
                "salt".getBytes(StandardCharsets.US_ASCII), 2, 32);
        // the value OpenSSL computes (Python's hashlib.pbkdf2_hmac('ripemd160', ...))
        assertThat(HEX.formatHex(a)).isEqualTo("768dcc27b7bfdef794a1ff9d935090fcf598555e66913180b9ce363c615e9ed9");
    }
}
