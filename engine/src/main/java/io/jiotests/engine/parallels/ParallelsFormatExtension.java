package io.jiotests.engine.parallels;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Parallels format extension: one cluster at {@code ext_off} sectors holding a 24-byte header
 * (magic 0xAB234CEF23DCEA87, MD5 of the rest of the cluster) and a list of features, each a 24-byte
 * feature header (magic, flags, data size; little endian) followed by its data padded to 8 bytes;
 * a zero magic ends the list. The only feature QEMU knows is the dirty bitmap (magic
 * 0x20385FAE252CB34A): {@code size} in sectors, a 16-byte UUID (the bitmap's name), granularity in
 * sectors and {@code l1_size} (32 bytes), then an L1 table of {@code l1_size} 64-bit entries (0:
 * all clear, 1: all set, else the sector of a cluster of bitmap data). QEMU reads it only when
 * opening read-only, loading the bitmaps as transient read-only ones (qemu-img info does not list
 * them).
 */
final class ParallelsFormatExtension {
    static final long MAGIC = 0xAB234CEF23DCEA87L;
    static final long DIRTY_BITMAP_MAGIC = 0x20385FAE252CB34AL;
    static final int HEADER_SIZE = 24;
    static final int FEATURE_HEADER_SIZE = 24;
    static final int BITMAP_FEATURE_SIZE = 32;
    /** QEMU's BDRV_MAX_LENGTH: requests reaching past it fail with EIO. */
    static final long MAX_LENGTH = 0x7fffffffc0000000L;

    /** One loaded dirty bitmap: its name (UUID text), granularity in bytes and how many bits are set. */
    record Bitmap(String name, long granularity, long setBits) {
    }

    private ParallelsFormatExtension() {
    }

    /**
     * Reads and validates the extension cluster at byte {@code offset}, as QEMU's open does, with
     * its messages. {@code clusterSize} is the image's (up to 1 GiB by the open's bound); only the
     * part of the cluster inside the file is held in memory, the rest reads as zeroes.
     */
    static List<Bitmap> read(BlockNode file, long offset, int clusterSize, long totalSectors, long fileLength)
            throws BlockException {
        if (offset <= 0) {
            // QEMU asserts a positive offset (and aborts); this is an error here
            throw new BlockException(Errno.EINVAL, "Failed to read Format Extension cluster: Invalid argument");
        }
        if (offset > MAX_LENGTH - clusterSize) {
            throw new BlockException(Errno.EIO, "Failed to read Format Extension cluster: Input/output error");
        }
        Cluster c = Cluster.read(file, offset, clusterSize, fileLength);
        long magic = c.getLong(0);
        if (magic != MAGIC) {
            throw new BlockException(Errno.EINVAL, "Wrong parallels Format Extension magic: 0x"
                    + Long.toHexString(magic) + ", expected: 0x" + Long.toHexString(MAGIC));
        }
        byte[] hash = c.md5From(HEADER_SIZE);
        byte[] stored = new byte[16];
        for (int i = 0; i < 16; i++) {
            stored[i] = c.getByte(8 + i);
        }
        if (!Arrays.equals(hash, stored)) {
            throw new BlockException(Errno.EINVAL,
                    "Wrong checksum in Format Extension header. Format extension is corrupted.");
        }
        List<Bitmap> bitmaps = new ArrayList<>();
        int pos = HEADER_SIZE;
        int remaining = clusterSize - HEADER_SIZE;
        while (true) {
            if (remaining < FEATURE_HEADER_SIZE) {
                throw new BlockException(Errno.EINVAL, "Can not read feature header, as remaining bytes ("
                        + remaining + ") in Format Extension cluster is less than Format Extension header size ("
                        + FEATURE_HEADER_SIZE + ")");
            }
            long fmagic = c.getLong(pos);
            long dataSize = c.getInt(pos + 16);
            pos += FEATURE_HEADER_SIZE;
            remaining -= FEATURE_HEADER_SIZE;
            if (fmagic == 0) {
                break;
            }
            if (dataSize > remaining) {
                throw new BlockException(Errno.EINVAL, "Feature data_size exceedes Format Extension cluster");
            }
            if (fmagic != DIRTY_BITMAP_MAGIC) {
                throw new BlockException(Errno.EINVAL, "Unknown feature: 0x" + Long.toHexString(fmagic));
            }
            Bitmap bitmap = readBitmap(file, c, pos, (int) dataSize, clusterSize, totalSectors, fileLength);
            for (Bitmap other : bitmaps) {
                if (other.name().equals(bitmap.name())) {
                    throw new BlockException(Errno.EEXIST, "Bitmap already exists: " + bitmap.name());
                }
            }
            bitmaps.add(bitmap);
            int next = (int) ((pos + dataSize + 7) & ~7L);
            remaining -= next - pos;
            pos = next;
        }
        return bitmaps;
    }

    private static Bitmap readBitmap(BlockNode file, Cluster c, int pos, int dataSize, int clusterSize,
                                     long totalSectors, long fileLength) throws BlockException {
        if (dataSize < BITMAP_FEATURE_SIZE) {
            throw new BlockException(Errno.EINVAL, "Too small Bitmap Feature area in Parallels Format Extension: "
                    + dataSize + " bytes, expected at least " + BITMAP_FEATURE_SIZE + " bytes");
        }
        long size = c.getLong(pos);
        byte[] id = new byte[16];
        for (int i = 0; i < 16; i++) {
            id[i] = c.getByte(pos + 8 + i);
        }
        long granularity = Integer.toUnsignedLong((int) c.getInt(pos + 24) << 9);
        long l1Size = c.getInt(pos + 28);
        if (size != totalSectors) {
            throw new BlockException(Errno.EINVAL, "Bitmap size (in sectors) " + size
                    + " differs from disk size in sectors " + totalSectors);
        }
        if (l1Size * 8 > dataSize - BITMAP_FEATURE_SIZE) {
            throw new BlockException(Errno.EINVAL, "Bitmaps feature corrupted: l1 table exceeds extension data_size");
        }
        String name = uuid(id);
        if (granularity < 512 || Long.bitCount(granularity) != 1) {
            throw new BlockException(Errno.EINVAL, "Granularity must be power of 2 and at least 512");
        }
        long bitsTotal = Math.ceilDiv(Math.max(0, totalSectors), granularity / 512);
        // serialized as whole 64-bit words: one cluster covers clusterSize * 8 bits
        long serialization = Math.ceilDiv(bitsTotal, 64) * 8;
        long tabSize = (serialization + clusterSize - 1) / clusterSize;
        if (tabSize != l1Size) {
            throw new BlockException(Errno.EINVAL, "Bitmap table size " + l1Size
                    + " does not correspond to bitmap size and cluster size. Expected " + tabSize);
        }
        long setBits = 0;
        long bitsPerCluster = (long) clusterSize * 8;
        for (long i = 0; i < tabSize; i++) {
            long entry = c.getLong((int) (pos + BITMAP_FEATURE_SIZE + 8 * i));
            long first = i * bitsPerCluster;
            long count = Math.min(bitsTotal - first, bitsPerCluster);
            if (entry == 0) {
                continue;
            }
            if (entry == 1) {
                setBits += count;
                continue;
            }
            long at = entry << 9; // unsigned in QEMU, a negative offset for its block layer
            if (at < 0 || at > MAX_LENGTH - clusterSize) {
                throw new BlockException(Errno.EIO, "Failed to read bitmap data cluster: Input/output error");
            }
            setBits += Cluster.read(file, at, clusterSize, fileLength).countBits(count);
        }
        return new Bitmap(name, granularity, setBits);
    }

    static String uuid(byte[] id) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                s.append('-');
            }
            s.append(String.format("%02x", id[i] & 0xff));
        }
        return s.toString();
    }

    /** One cluster of the file: the part inside the file in memory, zeroes after it. */
    private record Cluster(byte[] held, int size) {
        static Cluster read(BlockNode file, long offset, int size, long fileLength) throws BlockException {
            int n = (int) Math.max(0, Math.min(size, fileLength - offset));
            byte[] b = new byte[n];
            file.pread(offset, ByteBuffer.wrap(b));
            return new Cluster(b, size);
        }

        byte getByte(int pos) {
            return pos >= 0 && pos < held.length ? held[pos] : 0;
        }

        long getLong(int pos) {
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (getByte(pos + i) & 0xff);
            }
            return v;
        }

        /** An unsigned little-endian 32-bit value. */
        long getInt(int pos) {
            return getLong(pos) & 0xffffffffL;
        }

        long countBits(long bits) {
            long n = 0;
            long whole = Math.min(bits / 8, held.length);
            for (int i = 0; i < whole; i++) {
                n += Integer.bitCount(held[i] & 0xff);
            }
            if (bits % 8 != 0 && bits / 8 < held.length) {
                n += Integer.bitCount(held[(int) (bits / 8)] & ((1 << (bits % 8)) - 1));
            }
            return n;
        }

        /** MD5 of the cluster from {@code from} to its end, the zeroes past the file included. */
        byte[] md5From(int from) {
            try {
                MessageDigest md = MessageDigest.getInstance("MD5");
                if (from < held.length) {
                    md.update(held, from, held.length - from);
                }
                byte[] zeroes = new byte[1 << 16];
                long left = size - Math.max(from, held.length);
                while (left > 0) {
                    int k = (int) Math.min(zeroes.length, left);
                    md.update(zeroes, 0, k);
                    left -= k;
                }
                return md.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is a required JDK algorithm", e);
            }
        }
    }
}
