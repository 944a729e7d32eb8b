package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.DriverRegistry;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The value of an encrypted secret object ({@code secret,id=ID,data=...,keyid=MASTER,iv=...}, QEMU's
 * docs/system/secrets): the data (base64-decoded when format=base64) is AES-256-CBC ciphertext under
 * the 32-byte value of the secret MASTER, defined earlier, with the 16-byte base64 IV; the
 * plaintext's last byte counts the padding bytes to drop. QEMU's checks and texts, in its order.
 */
final class SecretDecryption {
    private static final int AES_BLOCK = 16;

    private SecretDecryption() {
    }

    static byte[] decrypt(String id, byte[] input, boolean base64, String keyId, String iv, DriverRegistry registry)
            throws ImgError {
        if (keyId.equals(id)) {
            throw ImgError.report("Secret with id '" + id + "' has no data");
        }
        byte[] key = registry.secret(keyId);
        if (key == null) {
            throw ImgError.report("No secret with id '" + keyId + "'");
        }
        if (key.length != 32) {
            throw ImgError.report("Key should be 32 bytes in length");
        }
        if (iv == null) {
            throw ImgError.report("IV is required to decrypt secret");
        }
        byte[] ivBytes = strictBase64(iv);
        if (ivBytes.length != AES_BLOCK) {
            throw ImgError.report("IV should be 16 bytes in length not " + ivBytes.length);
        }
        byte[] ciphertext = base64 ? strictBase64(new String(input, java.nio.charset.StandardCharsets.ISO_8859_1))
                : input;
        if (ciphertext.length % AES_BLOCK != 0) {
            throw ImgError.report("Length " + ciphertext.length + " must be a multiple of block size " + AES_BLOCK);
        }
        if (ciphertext.length == 0) {
            return ciphertext;
        }
        byte[] plain;
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(ivBytes));
            plain = aes.doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw ImgError.report("Cannot decrypt secret: " + e.getMessage());
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad > plain.length) {
            throw ImgError.report("Incorrect number of padding bytes (" + pad + ") found on decrypted data");
        }
        byte[] out = Arrays.copyOf(plain, plain.length - pad);
        Arrays.fill(plain, (byte) 0);
        return out;
    }

    /**
     * Base64 as QEMU's checked decoder takes it: only the alphabet, '=' and newlines, else "Base64
     * data contains invalid characters"; then decoded as glib does (a missing tail is dropped).
     */
    static byte[] strictBase64(String text) throws ImgError {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=' || c == '\n';
            if (!ok) {
                throw ImgError.report("Base64 data contains invalid characters");
            }
        }
        return ObjectOption.decodeBase64Leniently(text);
    }
}
