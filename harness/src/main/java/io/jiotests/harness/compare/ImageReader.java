package io.jiotests.harness.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Bounded reads of an image whose fields are not trusted: reads past the end return zeros, and no
 * read is larger than the caller's fixed limit.
 */
final class ImageReader implements AutoCloseable {
    private final FileChannel ch;
    private final long size;

    ImageReader(Path file) throws IOException {
        this.ch = FileChannel.open(file, StandardOpenOption.READ);
        this.size = ch.size();
    }

    long size() {
        return size;
    }

    /** Reads {@code len} bytes at {@code off} (zero-filled beyond the end of the file). */
    ByteBuffer read(long off, int len, ByteOrder order) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(order);
        if (off >= 0 && off < size) {
            long p = off;
            while (b.hasRemaining() && p < size) {
                int n = ch.read(b, p);
                if (n < 0) {
                    break;
                }
                p += n;
            }
        }
        return b.clear();
    }

    long be64(long off) throws IOException {
        return read(off, 8, ByteOrder.BIG_ENDIAN).getLong();
    }

    int be32(long off) throws IOException {
        return read(off, 4, ByteOrder.BIG_ENDIAN).getInt();
    }

    int be16(long off) throws IOException {
        return read(off, 2, ByteOrder.BIG_ENDIAN).getShort() & 0xffff;
    }

    boolean inFile(long off, long len) {
        return off >= 0 && len >= 0 && off <= size && len <= size - off;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
