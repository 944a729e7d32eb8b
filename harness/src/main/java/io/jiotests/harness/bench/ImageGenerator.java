package io.jiotests.harness.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * Deterministic benchmark inputs: the same seed always gives the same bytes, so runs on different
 * days and machines read identical images.
 */
public final class ImageGenerator {

    private ImageGenerator() {
    }

    /**
     * A sparse raw image of {@code size} bytes whose data lies in runs of {@code run} bytes of
     * random data, each followed by a hole of {@code hole} bytes (the first run starts at 0).
     * Returns the number of data bytes written.
     */
    public static long sparseRandom(Path file, long size, int run, int hole, long seed) throws IOException {
        if (run <= 0 || hole < 0 || size < 0) {
            throw new IllegalArgumentException("bad layout: size " + size + " run " + run + " hole " + hole);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] chunk = new byte[run];
        long written = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long off = 0; off < size; off += (long) run + hole) {
                int len = (int) Math.min(run, size - off);
                rnd.nextBytes(chunk);
                writeFully(ch, ByteBuffer.wrap(chunk, 0, len), off);
                written += len;
            }
            ch.truncate(size);
            if (ch.size() < size) {
                ch.write(ByteBuffer.allocate(1), size - 1);
            }
        }
        return written;
    }

    /**
     * A fully allocated raw image of compressible data: text-like records (a few hundred
     * distinct words with counters), zero stretches and repeated blocks, compressing several fold
     * with zlib and zstd, like a filesystem of logs and binaries would.
     */
    public static void compressible(Path file, long size, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] words = new String[256];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            int n = 3 + rnd.nextInt(8);
            for (int k = 0; k < n; k++) {
                w.append((char) ('a' + rnd.nextInt(26)));
            }
            words[i] = w.toString();
        }
        int block = 1 << 20;
        byte[] buf = new byte[block];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long line = 0;
            for (long off = 0; off < size; off += block) {
                int len = (int) Math.min(block, size - off);
                int p = 0;
                while (p < len) {
                    int kind = rnd.nextInt(16);
                    if (kind == 0) {
                        int z = Math.min(len - p, 4096 * (1 + rnd.nextInt(4)));
                        java.util.Arrays.fill(buf, p, p + z, (byte) 0);
                        p += z;
                    } else {
                        String rec = (line++) + " " + words[rnd.nextInt(words.length)] + " "
                                + words[rnd.nextInt(32)] + "=" + rnd.nextInt(1000) + " " + words[rnd.nextInt(8)] + "\n";
                        for (int k = 0; k < rec.length() && p < len; k++) {
                            buf[p++] = (byte) rec.charAt(k);
                        }
                    }
                }
                writeFully(ch, ByteBuffer.wrap(buf, 0, len), off);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long off) throws IOException {
        long pos = off;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}
