package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.DriverRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Encrypted secret objects (keyid, iv): ciphertext made with the JDK's AES-256-CBC/PKCS#5 decodes
 * to the plaintext through --object definitions; each refusal has QEMU 7.2's text (checked against
 * qemu-img by hand and by conformance case 135).
 */
class SecretDecryptionTest {
    private final Random random = new Random(135);
    private final byte[] master = bytes(32);
    private final byte[] iv = bytes(16);
    private final DriverRegistry registry = new DriverRegistry(List.of());

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String encrypt(String plain) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(master, "AES"), new IvParameterSpec(iv));
        return b64(c.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private void define(String def) throws ImgError {
        ObjectOption.define(def, registry, true);
    }

    @Test
    void decryptsWithTheMasterKeyAndDropsThePadding() throws Exception {
        define("secret,id=master,data=" + b64(master) + ",format=base64");
        for (String plain : new String[] {"", "abc", "0123456789abcdef", "a longer passphrase of 33 bytes!!"}) {
            define("secret,id=s" + plain.length() + ",data=" + encrypt(plain) + ",keyid=master,iv=" + b64(iv)
                    + ",format=base64");
            assertThat(new String(registry.secret("s" + plain.length()), StandardCharsets.UTF_8)).isEqualTo(plain);
        }
    }

    @Test
    void refusalsHaveQemusTexts() throws Exception {
        String ct = encrypt("abc");
        String ivText = b64(iv);
        assertThatThrownBy(() -> define("secret,id=s,data=" + ct + ",keyid=master,iv=" + ivText + ",format=base64"))
                .hasMessage("No secret with id 'master'");
        define("secret,id=short,data=abc");
        assertThatThrownBy(() -> define("secret,id=s,data=" + ct + ",keyid=short,iv=" + ivText + ",format=base64"))
                .hasMessage("Key should be 32 bytes in length");
        define("secret,id=master,data=" + b64(master) + ",format=base64");
        assertThatThrownBy(() -> define("secret,id=s,data=" + ct + ",keyid=master,format=base64"))
                .hasMessage("IV is required to decrypt secret");
        assertThatThrownBy(() -> define("secret,id=s,data=" + ct + ",keyid=master,iv=YWJj,format=base64"))
                .hasMessage("IV should be 16 bytes in length not 3");
        assertThatThrownBy(() -> define("secret,id=s,data=" + ct + ",keyid=master,iv=@@@@,format=base64"))
                .hasMessage("Base64 data contains invalid characters");
        assertThatThrownBy(() -> define("secret,id=s,data=" + ct + ",keyid=master,iv=" + ivText))
                .hasMessage("Length 24 must be a multiple of block size 16");
        assertThatThrownBy(() -> define("secret,id=s,data=" + ct + ",keyid=s,iv=" + ivText + ",format=base64"))
                .hasMessage("Secret with id 's' has no data");
        define("secret,id=other,data=" + b64(new byte[32]) + ",format=base64");
        // under the wrong key the last byte is noise: above 16 QEMU reports it
        String wrong = "secret,id=s,data=" + ct + ",keyid=other,iv=" + ivText + ",format=base64";
        byte[] plainUnderWrongKey = decryptRaw(new byte[32], Base64.getDecoder().decode(ct));
        int pad = plainUnderWrongKey[15] & 0xff;
        if (pad > 16) {
            assertThatThrownBy(() -> define(wrong))
                    .hasMessage("Incorrect number of padding bytes (" + pad + ") found on decrypted data");
        } else {
            define(wrong);
            assertThat(registry.secret("s")).hasSize(16 - pad);
        }
        assertThatThrownBy(() -> define("secret,id=x,data=a@b,format=base64"))
                .hasMessage("Base64 data contains invalid characters");
    }

    private byte[] decryptRaw(byte[] key, byte[] ct) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return c.doFinal(ct);
    }
}
