package io.jiotests.harness.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Byte-level edits of an image file for the hostile corpus: fixed-width integers in either
 * endianness, raw bytes, truncation, and the checksums some formats protect their headers with
 * (VHDX CRC-32C, VPC one's complement sum), so that a mutation reaches past the checksum test.
 */
public final class ImageBytes {
    private ImageBytes() {
    }

    public static void put(Path file, long offset, int width, long value, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(width).order(order);
        switch (width) {
            case 1 -> b.put((byte) value);
            case 2 -> b.putShort((short) value);
            case 4 -> b.putInt((int) value);
            case 8 -> b.putLong(value);
            default -> throw new IllegalArgumentException("width " + width);
        }
        write(file, offset, b.array());
    }

    public static void be(Path file, long offset, int width, long value) {
        put(file, offset, width, value, ByteOrder.BIG_ENDIAN);
    }

    public static void le(Path file, long offset, int width, long value) {
        put(file, offset, width, value, ByteOrder.LITTLE_ENDIAN);
    }

    public static long get(Path file, long offset, int width, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(read(file, offset, width)).order(order);
        return switch (width) {
            case 1 -> b.get() & 0xffL;
            case 2 -> b.getShort() & 0xffffL;
            case 4 -> b.getInt() & 0xffffffffL;
            case 8 -> b.getLong();
            default -> throw new IllegalArgumentException("width " + width);
        };
    }

    public static long beAt(Path file, long offset, int width) {
        return get(file, offset, width, ByteOrder.BIG_ENDIAN);
    }

    public static long leAt(Path file, long offset, int width) {
        return get(file, offset, width, ByteOrder.LITTLE_ENDIAN);
    }

    public static void write(Path file, long offset, byte[] bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b, offset + b.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code length} bytes at {@code offset}; bytes past the end of the file read as zero. */
    public static byte[] read(Path file, long offset, int length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining()) {
                int n = ch.read(b, offset + b.position());
                if (n < 0) {
                    break;
                }
            }
            return b.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void truncate(Path file, long size) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long size(Path file) {
        return file.toFile().length();
    }

    /**
     * Recomputes a little-endian CRC-32C stored at {@code crcOffset} inside the region
     * [{@code start}, {@code start + length}), computed with the field zeroed (VHDX headers,
     * region tables).
     */
    public static void fixCrc32c(Path file, long start, int length, long crcOffset) {
        le(file, crcOffset, 4, 0);
        CRC32C crc = new CRC32C();
        crc.update(read(file, start, length));
        le(file, crcOffset, 4, crc.getValue());
    }

    /** VPC footer / dynamic header checksum: one's complement of the byte sum, field zeroed. */
    public static void fixVpcChecksum(Path file, long start, int length, long checksumOffset) {
        be(file, checksumOffset, 4, 0);
        long sum = 0;
        for (byte x : read(file, start, length)) {
            sum += x & 0xff;
        }
        be(file, checksumOffset, 4, ~sum & 0xffffffffL);
    }
}
