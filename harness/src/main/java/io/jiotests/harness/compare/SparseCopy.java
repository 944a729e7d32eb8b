package io.jiotests.harness.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Copies an image keeping it sparse: all-zero 64 KiB blocks are not written (a 1 GiB empty raw stays small). */
public final class SparseCopy {
    private static final int BLOCK = 1 << 16;

    private SparseCopy() {
    }

    public static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.toAbsolutePath().getParent());
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = in.size();
            ByteBuffer b = ByteBuffer.allocate(BLOCK);
            long next = 0;
            // only the data extents are read: a 5 TB sparse image copies in time proportional to its data
            for (io.jiotests.harness.run.DataExtents.Extent e : io.jiotests.harness.run.DataExtents.of(from)) {
            for (long pos = Math.max(next, e.start() / BLOCK * BLOCK); pos < e.end(); pos += BLOCK) {
                next = pos + BLOCK;
                b.clear().limit((int) Math.min(BLOCK, size - pos));
                long p = pos;
                while (b.hasRemaining()) {
                    int n = in.read(b, p);
                    if (n < 0) {
                        break;
                    }
                    p += n;
                }
                b.flip();
                if (!allZero(b)) {
                    long q = pos;
                    while (b.hasRemaining()) {
                        q += out.write(b, q);
                    }
                }
            }
            }
            out.truncate(size);
            if (out.size() < size) {
                out.write(ByteBuffer.allocate(1), size - 1);
            }
        }
    }

    private static boolean allZero(ByteBuffer b) {
        for (int i = b.position(); i + 8 <= b.limit(); i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        for (int i = b.limit() & ~7; i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
