package io.jiotests.engine.crypto;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.MacSpi;

/**
 * HMAC (RFC 2104) over any {@link MessageDigest}, as a {@link Mac} without a provider: what
 * {@link HashAlg#newMac()} returns for a digest the JDK has no HMAC for (RIPEMD-160).
 */
final class Hmac extends Mac {

    Hmac(MessageDigest digest, int blockLength, String name) {
        super(new Spi(digest, blockLength), null, name);
    }

    private static final class Spi extends MacSpi {
        private final MessageDigest digest;
        private final int blockLength;
        private final byte[] innerPad;
        private final byte[] outerPad;

        Spi(MessageDigest digest, int blockLength) {
            this.digest = digest;
            this.blockLength = blockLength;
            this.innerPad = new byte[blockLength];
            this.outerPad = new byte[blockLength];
        }

        @Override
        protected int engineGetMacLength() {
            return digest.getDigestLength();
        }

        @Override
        protected void engineInit(Key key, AlgorithmParameterSpec params)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            if (params != null) {
                throw new InvalidAlgorithmParameterException("HMAC takes no parameters");
            }
            byte[] k = key == null ? null : key.getEncoded();
            if (k == null) {
                throw new InvalidKeyException("HMAC needs a raw key");
            }
            if (k.length > blockLength) {
                digest.reset();
                k = digest.digest(k);
            }
            Arrays.fill(innerPad, (byte) 0x36);
            Arrays.fill(outerPad, (byte) 0x5c);
            for (int i = 0; i < k.length; i++) {
                innerPad[i] ^= k[i];
                outerPad[i] ^= k[i];
            }
            Arrays.fill(k, (byte) 0);
            engineReset();
        }

        @Override
        protected void engineUpdate(byte input) {
            digest.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            digest.update(input, offset, len);
        }

        @Override
        protected byte[] engineDoFinal() {
            byte[] inner = digest.digest();
            digest.update(outerPad);
            digest.update(inner);
            byte[] out = digest.digest();
            engineReset();
            return out;
        }

        @Override
        protected void engineReset() {
            digest.reset();
            digest.update(innerPad);
        }
    }
}
