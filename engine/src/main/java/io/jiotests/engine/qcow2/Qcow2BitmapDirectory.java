package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk bitmap structures of docs/interop/qcow2.txt, big-endian: the bitmaps header
 * extension (number of bitmaps, directory size and offset) and the bitmap directory, a packed list
 * of entries each padded to 8 bytes. Parsing bounds every field before use.
 */
final class Qcow2BitmapDirectory {
    static final int EXTENSION_SIZE = 24;
    static final int ENTRY_HEADER_SIZE = 24;
    static final int MAX_BITMAPS = 65535;
    static final long MAX_DIRECTORY_SIZE = 1024L * MAX_BITMAPS;
    static final int MAX_NAME_SIZE = 1023;
    static final int MAX_TABLE_SIZE = 0x8000000;
    static final long MAX_PHYS_SIZE = 0x20000000L;
    static final int MIN_GRANULARITY_BITS = 9;
    static final int MAX_GRANULARITY_BITS = 31;
    static final int FLAG_IN_USE = 1;
    static final int FLAG_AUTO = 1 << 1;
    static final int FLAG_EXTRA_DATA_COMPATIBLE = 1 << 2;
    static final int RESERVED_FLAGS = ~(FLAG_IN_USE | FLAG_AUTO | FLAG_EXTRA_DATA_COMPATIBLE);
    static final int TYPE_DIRTY_TRACKING = 1;

    private Qcow2BitmapDirectory() {
    }

    /** The bitmaps header extension. */
    record Extension(int nbBitmaps, long directorySize, long directoryOffset) {
        static Extension parse(byte[] data, int clusterSize) throws BlockException {
            if (data.length != EXTENSION_SIZE) {
                throw new BlockException(Errno.EINVAL, "bitmaps_ext: Invalid extension length");
            }
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
            long nb = Integer.toUnsignedLong(b.getInt(0));
            if (b.getInt(4) != 0) {
                throw new BlockException(Errno.EINVAL, "bitmaps_ext: Reserved field is not zero");
            }
            long size = b.getLong(8);
            long offset = b.getLong(16);
            if (nb > MAX_BITMAPS) {
                throw new BlockException(Errno.EINVAL, "bitmaps_ext: Image has " + nb
                        + " bitmaps, exceeding the QEMU supported maximum of " + MAX_BITMAPS);
            }
            if (nb == 0) {
                throw new BlockException(Errno.EINVAL, "found bitmaps extension with zero bitmaps");
            }
            if (offset < 0 || (offset & (clusterSize - 1)) != 0) {
                throw new BlockException(Errno.EINVAL, "bitmaps_ext: invalid bitmap directory offset");
            }
            if (Long.compareUnsigned(size, MAX_DIRECTORY_SIZE) > 0) {
                throw new BlockException(Errno.EINVAL, "bitmaps_ext: bitmap directory size ("
                        + Long.toUnsignedString(size) + ") exceeds the maximum supported size ("
                        + MAX_DIRECTORY_SIZE + ")");
            }
            return new Extension((int) nb, size, offset);
        }

        byte[] toBytes() {
            ByteBuffer b = ByteBuffer.allocate(EXTENSION_SIZE).order(ByteOrder.BIG_ENDIAN);
            b.putInt(nbBitmaps).putInt(0).putLong(directorySize).putLong(directoryOffset);
            return b.array();
        }
    }

    /** One bitmap directory entry. */
    record Entry(long tableOffset, int tableSize, int flags, int type, int granularityBits,
                 String name, byte[] extraData) {
        boolean inUse() {
            return (flags & FLAG_IN_USE) != 0;
        }

        boolean auto() {
            return (flags & FLAG_AUTO) != 0;
        }

        long granularity() {
            return 1L << granularityBits;
        }

        Entry withFlags(int f) {
            return new Entry(tableOffset, tableSize, f, type, granularityBits, name, extraData);
        }

        Entry withTable(long offset, int size) {
            return new Entry(offset, size, flags, type, granularityBits, name, extraData);
        }

        int encodedSize() {
            return entrySize(name.getBytes(StandardCharsets.UTF_8).length, extraData.length);
        }
    }

    /** Size of an entry with this name and extra data, padded to 8 bytes. */
    static int entrySize(int nameBytes, int extraBytes) {
        return (ENTRY_HEADER_SIZE + nameBytes + extraBytes + 7) & ~7;
    }

    /**
     * Parses the directory entry by entry, as QEMU does: an entry that does not fit is a broken
     * directory, extra data is not supported, each entry must satisfy the constraints, and the
     * number of entries must match the extension's count.
     */
    static List<Entry> parse(byte[] dir, int nb, int clusterSize) throws BlockException {
        List<Entry> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(dir).order(ByteOrder.BIG_ENDIAN);
        int pos = 0;
        while (pos < dir.length) {
            if (dir.length - pos < ENTRY_HEADER_SIZE) {
                throw new BlockException(Errno.EINVAL, "Broken bitmap directory");
            }
            long tableOffset = b.getLong(pos);
            int tableSize = b.getInt(pos + 8);
            int flags = b.getInt(pos + 12);
            int type = dir[pos + 16] & 0xff;
            int gbits = dir[pos + 17] & 0xff;
            int nameSize = b.getShort(pos + 18) & 0xffff;
            if (b.getInt(pos + 20) != 0) {
                throw new BlockException(Errno.EINVAL, "Bitmap extra data is not supported");
            }
            if (entrySize(nameSize, 0) > dir.length - pos) {
                throw new BlockException(Errno.EINVAL, "Broken bitmap directory");
            }
            String name = new String(dir, pos + ENTRY_HEADER_SIZE, nameSize, StandardCharsets.UTF_8);
            Entry e = new Entry(tableOffset, tableSize, flags, type, gbits, name, new byte[0]);
            if (!valid(e, nameSize, clusterSize)) {
                throw new BlockException(Errno.EINVAL, "Bitmap '" + name + "' doesn't satisfy the constraints");
            }
            out.add(e);
            pos += entrySize(nameSize, 0);
        }
        if (out.size() < nb) {
            throw new BlockException(Errno.EINVAL, "Less bitmaps found than specified in header extension");
        }
        if (out.size() > nb) {
            throw new BlockException(Errno.EINVAL, "More bitmaps found than specified in header extension");
        }
        return out;
    }

    /** The constraints QEMU checks on a directory entry. */
    private static boolean valid(Entry e, int nameSize, int clusterSize) {
        if (e.granularityBits() < MIN_GRANULARITY_BITS || e.granularityBits() > MAX_GRANULARITY_BITS) {
            return false;
        }
        long tableSize = Integer.toUnsignedLong(e.tableSize());
        if (tableSize > MAX_TABLE_SIZE || tableSize * clusterSize > MAX_PHYS_SIZE) {
            return false;
        }
        if (e.tableOffset() < 0 || (e.tableOffset() & (clusterSize - 1)) != 0
                || (e.tableOffset() == 0) != (tableSize == 0)) {
            return false;
        }
        if ((e.flags() & RESERVED_FLAGS) != 0 || e.type() != TYPE_DIRTY_TRACKING) {
            return false;
        }
        return nameSize <= MAX_NAME_SIZE;
    }

    /** Bitmap table entries a bitmap of this granularity over {@code imageSize} bytes needs. */
    static long expectedTableSize(long imageSize, int granularityBits, int clusterSize) {
        long bits = imageSize == 0 ? 0 : ((imageSize - 1) >>> granularityBits) + 1;
        long bitsPerCluster = 8L * clusterSize;
        return bits == 0 ? 0 : (bits - 1) / bitsPerCluster + 1;
    }

    /** The directory bytes for {@code entries}, in order. */
    static byte[] serialize(List<Entry> entries) {
        int size = 0;
        for (Entry e : entries) {
            size += e.encodedSize();
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        for (Entry e : entries) {
            int start = b.position();
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            b.putLong(e.tableOffset()).putInt(e.tableSize()).putInt(e.flags());
            b.put((byte) e.type()).put((byte) e.granularityBits()).putShort((short) name.length);
            b.putInt(e.extraData().length).put(e.extraData()).put(name);
            b.position(start + e.encodedSize());
        }
        return b.array();
    }
}
