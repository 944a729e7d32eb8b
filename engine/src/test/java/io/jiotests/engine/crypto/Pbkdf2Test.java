package io.jiotests.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** PBKDF2 against RFC 6070 (HMAC-SHA1) and RFC 7914 section 11 (HMAC-SHA256). */
class Pbkdf2Test {
    private static String pbkdf2(HashAlg h, String password, String salt, long iters, int len)
            throws BlockException {
        return HexFormat.of().formatHex(Pbkdf2.derive(h, password.getBytes(StandardCharsets.ISO_8859_1),
                salt.getBytes(StandardCharsets.ISO_8859_1), iters, len));
    }

    @Test
    void rfc6070() throws BlockException {
        assertThat(pbkdf2(HashAlg.SHA1, "password", "salt", 1, 20))
                .isEqualTo("0c60c80f961f0e71f3a9b524af6012062fe037a6");
        assertThat(pbkdf2(HashAlg.SHA1, "password", "salt", 2, 20))
                .isEqualTo("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
        assertThat(pbkdf2(HashAlg.SHA1, "password", "salt", 4096, 20))
                .isEqualTo("4b007901b765489abead49d926f721d065a429c1");
        assertThat(pbkdf2(HashAlg.SHA1, "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
                25)).isEqualTo("3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
        assertThat(pbkdf2(HashAlg.SHA1, "pass\0word", "sa\0lt", 4096, 16))
                .isEqualTo("56fa6aa75548099dcc37d7f03425e0c3");
    }

    @Test
    void rfc7914() throws BlockException {
        assertThat(pbkdf2(HashAlg.SHA256, "passwd", "salt", 1, 64)).isEqualTo(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
        assertThat(pbkdf2(HashAlg.SHA256, "Password", "NaCl", 80000, 64)).isEqualTo(
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
    }

    @Test
    void emptyPasswordIsHmacWithAnAllZeroKey() throws BlockException {
        assertThat(pbkdf2(HashAlg.SHA256, "", "salt", 3, 32)).isEqualTo(pbkdf2(HashAlg.SHA256, "\0", "salt", 3, 32));
        assertThat(pbkdf2(HashAlg.SHA256, "", "salt", 3, 32)).isNotEqualTo(pbkdf2(HashAlg.SHA256, "x", "salt", 3, 32));
    }
}
