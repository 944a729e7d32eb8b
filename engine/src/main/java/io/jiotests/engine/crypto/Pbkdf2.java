package io.jiotests.engine.crypto;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 (RFC 8018) over the JDK's HMAC. Implemented here rather than with SecretKeyFactory because
 * LUKS feeds it binary passwords (the master key when computing its digest), which the JDK's
 * char[]-based PBEKeySpec cannot carry.
 */
public final class Pbkdf2 {
    private Pbkdf2() {
    }

    public static byte[] derive(HashAlg hash, byte[] password, byte[] salt, long iterations, int keyLength)
            throws BlockException {
        if (iterations < 1) {
            throw new BlockException(Errno.EINVAL, "PBKDF iterations must be at least 1");
        }
        Mac mac = hash.newMac();
        init(mac, hash, password);
        int hLen = hash.digestLength();
        byte[] out = new byte[keyLength];
        byte[] u = new byte[hLen];
        byte[] t = new byte[hLen];
        int blocks = (keyLength + hLen - 1) / hLen;
        try {
            for (int block = 1; block <= blocks; block++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8),
                    (byte) block});
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, hLen);
                for (long i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int k = 0; k < hLen; k++) {
                        t[k] ^= u[k];
                    }
                }
                int off = (block - 1) * hLen;
                System.arraycopy(t, 0, out, off, Math.min(hLen, keyLength - off));
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void init(Mac mac, HashAlg hash, byte[] password) throws BlockException {
        // HMAC pads its key with zeroes to the block length: an empty key equals a single zero byte
        // (SecretKeySpec refuses empty keys).
        byte[] key = password.length == 0 ? new byte[1] : password;
        try {
            mac.init(new SecretKeySpec(key, "HMAC"));
        } catch (InvalidKeyException e) {
            throw new BlockException(Errno.EINVAL, "Unable to initialize PBKDF2 with hash " + hash.qemuName());
        } finally {
            if (key != password) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static long cpuNanos(java.lang.management.ThreadMXBean threads) {
        try {
            return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /**
     * How many iterations of PBKDF2 with {@code hash} take about {@code millis} milliseconds of this
     * thread's time, for a key of {@code keyLength} bytes (QEMU's iter-time): a short timed run,
     * scaled. At least 1.
     */
    public static long iterationsFor(HashAlg hash, int keyLength, long millis) throws BlockException {
        byte[] password = new byte[32];
        byte[] salt = new byte[32];
        long iterations = 1 << 10;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long elapsedNanos;
        // doubling until a run takes 40 ms: the first, short runs also warm the JIT up, so the
        // rate measured last is that of compiled code
        while (true) {
            long start = cpuNanos(threads);
            long wallStart = System.nanoTime();
            derive(hash, password, salt, iterations, keyLength);
            long wall = System.nanoTime() - wallStart;
            long cpu = cpuNanos(threads) - start;
            // virtual threads have no CPU time (-1): the wall clock then
            elapsedNanos = start < 0 || cpu <= 0 ? wall : cpu;
            if ((elapsedNanos >= 40_000_000L && iterations >= (1 << 13)) || iterations >= (1L << 30)) {
                break;
            }
            iterations <<= 1;
        }
        double perMilli = iterations * 1_000_000.0 / Math.max(1, elapsedNanos);
        double wanted = perMilli * millis;
        if (wanted > Integer.MAX_VALUE) {
            throw new BlockException(Errno.EINVAL, "PBKDF iterations " + (long) wanted + " too large to scale");
        }
        return Math.max(1, (long) wanted);
    }
}
