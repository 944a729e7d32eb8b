package io.jiotests.engine.vhdx;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The VHDX metadata region: a 64 KiB table ("metadata" signature, entry count at 10, 32-byte
 * entries from 32: item GUID, offset in the region, length, flags: 1 user, 2 virtual disk,
 * 4 required) and the items it points to, little endian. The items qemu reads: file parameters
 * (block size; flags 1 leave blocks allocated, 2 has parent), virtual disk size, page 83 data,
 * logical and physical sector size; the parent locator only matters with has-parent.
 */
final class VhdxMetadata {
    static final int TABLE_SIZE = 64 * 1024;
    static final int MAX_ENTRIES = 2047;
    static final int FLAG_LEAVE_BLOCKS_ALLOCATED = 1;
    static final int FLAG_HAS_PARENT = 2;
    static final byte[] SIGNATURE = "metadata".getBytes(StandardCharsets.US_ASCII);
    /** Where qemu-img create puts the items: right after the table. */
    static final int ITEMS_OFFSET = 64 * 1024;

    /** Location of one item inside the metadata region (offset and length unsigned 32 bit). */
    record Item(long offset, long length) {
    }

    Item fileParameters;
    Item virtualDiskSize;
    Item page83;
    Item logicalSectorSize;
    Item physicalSectorSize;
    Item parentLocator;

    long blockSize;
    int fileFlags;
    long diskSize;
    long logicalSector;
    long physicalSector;

    /** The table as qemu-img create writes it: five items, each after the previous one. */
    static byte[] tableForCreate() {
        byte[] raw = new byte[TABLE_SIZE];
        ByteBuffer b = VhdxChecksum.le(raw);
        b.put(0, SIGNATURE);
        b.putShort(10, (short) 5);
        int at = 32;
        at = entry(b, at, VhdxGuid.FILE_PARAMETERS, ITEMS_OFFSET, 8, 4);
        at = entry(b, at, VhdxGuid.VIRTUAL_DISK_SIZE, ITEMS_OFFSET + 8, 8, 6);
        at = entry(b, at, VhdxGuid.PAGE83_DATA, ITEMS_OFFSET + 16, 16, 6);
        at = entry(b, at, VhdxGuid.LOGICAL_SECTOR_SIZE, ITEMS_OFFSET + 32, 4, 6);
        entry(b, at, VhdxGuid.PHYSICAL_SECTOR_SIZE, ITEMS_OFFSET + 36, 4, 6);
        return raw;
    }

    private static int entry(ByteBuffer b, int at, byte[] guid, int offset, int length, int flags) {
        b.put(at, guid);
        b.putInt(at + 16, offset);
        b.putInt(at + 20, length);
        b.putInt(at + 24, flags);
        return at + 32;
    }

    /** The 40 bytes of items qemu-img create writes at {@link #ITEMS_OFFSET}. */
    static byte[] itemsForCreate(long blockSize, boolean leaveAllocated, long diskSize, byte[] page83,
                                 int logicalSector, int physicalSector) {
        byte[] raw = new byte[40];
        ByteBuffer b = VhdxChecksum.le(raw);
        b.putInt(0, (int) blockSize);
        b.putInt(4, leaveAllocated ? FLAG_LEAVE_BLOCKS_ALLOCATED : 0);
        b.putLong(8, diskSize);
        b.put(16, page83);
        b.putInt(32, logicalSector);
        b.putInt(36, physicalSector);
        return raw;
    }

    /**
     * Reads the table: null if its signature is wrong or it has more entries than fit; else the
     * item locations (each known item at most once). An unknown item marked required is an error
     * the caller reports ({@link #unknownRequired}).
     */
    static VhdxMetadata parseTable(byte[] raw) {
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (raw[i] != SIGNATURE[i]) {
                return null;
            }
        }
        ByteBuffer b = VhdxChecksum.le(raw);
        int count = b.getShort(10) & 0xffff;
        if (count > MAX_ENTRIES) {
            return null;
        }
        VhdxMetadata m = new VhdxMetadata();
        for (int i = 0; i < count; i++) {
            int at = 32 + 32 * i;
            Item item = new Item(Integer.toUnsignedLong(b.getInt(at + 16)), Integer.toUnsignedLong(b.getInt(at + 20)));
            boolean required = (b.getInt(at + 24) & 4) != 0;
            if (VhdxGuid.at(raw, at, VhdxGuid.FILE_PARAMETERS)) {
                if (m.fileParameters != null) {
                    return null;
                }
                m.fileParameters = item;
            } else if (VhdxGuid.at(raw, at, VhdxGuid.VIRTUAL_DISK_SIZE)) {
                if (m.virtualDiskSize != null) {
                    return null;
                }
                m.virtualDiskSize = item;
            } else if (VhdxGuid.at(raw, at, VhdxGuid.PAGE83_DATA)) {
                if (m.page83 != null) {
                    return null;
                }
                m.page83 = item;
            } else if (VhdxGuid.at(raw, at, VhdxGuid.LOGICAL_SECTOR_SIZE)) {
                if (m.logicalSectorSize != null) {
                    return null;
                }
                m.logicalSectorSize = item;
            } else if (VhdxGuid.at(raw, at, VhdxGuid.PHYSICAL_SECTOR_SIZE)) {
                if (m.physicalSectorSize != null) {
                    return null;
                }
                m.physicalSectorSize = item;
            } else if (VhdxGuid.at(raw, at, VhdxGuid.PARENT_LOCATOR)) {
                if (m.parentLocator != null) {
                    return null;
                }
                m.parentLocator = item;
            } else if (required) {
                m.unknownRequired = true;
            }
        }
        return m;
    }

    boolean unknownRequired;

    /** Whether every item qemu needs is listed. */
    boolean complete() {
        return fileParameters != null && virtualDiskSize != null && page83 != null && logicalSectorSize != null
                && physicalSectorSize != null;
    }

    boolean hasParent() {
        return (fileFlags & FLAG_HAS_PARENT) != 0;
    }

    /** The chunk ratio: data blocks per sector bitmap block, 2^23 sectors over the block size. */
    long chunkRatio() {
        return (1L << 23) * logicalSector / blockSize;
    }

    /** Payload blocks, as qemu counts them in 32 bits. */
    long dataBlocks() {
        return ((diskSize + blockSize - 1) / blockSize) & 0xffffffffL;
    }

    /**
     * The BAT entries the image needs: for a dynamic image the data blocks plus one sector bitmap
     * entry after every chunk ratio of them (computed in 32 bits: an empty disk needs 2^32-1
     * over the chunk ratio entries, as qemu counts); with a parent a whole chunk per bitmap block.
     */
    long batEntries() {
        long ratio = chunkRatio();
        long data = dataBlocks();
        if (hasParent()) {
            long bitmaps = (data + ratio - 1) / ratio;
            return bitmaps * (ratio + 1);
        }
        return (data + (((data - 1) & 0xffffffffL) / ratio)) & 0xffffffffL;
    }
}
