package io.jiotests.engine.vpc;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;

/**
 * Opening a VHD as qemu 7.2 does, with its checks in its order and its messages. Every offset
 * and count from the file is bounded before use: the BAT is only read once it is known to lie
 * inside the file, so its size is bounded by the file's.
 */
final class VpcOpen {
    /** Creator applications whose images are sized by the footer's current size, not the CHS geometry. */
    private static final Set<String> CURRENT_SIZE_CREATORS = Set.of("win ", "qem2", "d2v ", "tap\0", "CTXS");
    /** qemu's largest single request (BDRV_REQUEST_MAX_BYTES). */
    private static final long MAX_REQUEST = 0x7ffffe00L;
    /** The largest offset a request may reach (qemu's BDRV_MAX_LENGTH). */
    private static final long MAX_LENGTH = 0x7fffffffc0000000L;
    private static final int MAX_TABLE_ENTRIES = 0x1fffffff;

    private VpcOpen() {
    }

    static VpcNode open(VpcDriver driver, OpenContext ctx) throws BlockException {
        BlockNode file = ctx.file();
        String calc = ctx.options() == null ? null : ctx.options().get("force_size_calc");
        if (calc != null && !calc.equals("chs") && !calc.equals("current_size")) {
            throw new BlockException(Errno.EINVAL, "Invalid size calculation mode: '" + calc + "'");
        }
        VhdFooter footer = VhdFooter.parse(read(file, 0, VhdFooter.SIZE));
        if (!footer.hasCookie()) {
            long len = sectorLength(file);
            if (len < VhdFooter.SIZE) {
                throw new BlockException(Errno.EINVAL, "File too small for a VHD header");
            }
            // a fixed image has its footer only at the end
            footer = VhdFooter.parse(read(file, len - VhdFooter.SIZE, VhdFooter.SIZE));
            if (!footer.hasCookie() || footer.diskType() != VhdFooter.TYPE_FIXED) {
                throw new BlockException(Errno.EINVAL, "invalid VPC image");
            }
        }
        if (!footer.checksumValid()) {
            throw new BlockException(Errno.EINVAL, "Incorrect header checksum");
        }
        boolean useCurrentSize = CURRENT_SIZE_CREATORS.contains(footer.creatorApp());
        if (calc != null) {
            useCurrentSize = calc.equals("current_size");
        }
        long geometrySectors = (long) footer.cylinders() * footer.heads() * footer.sectorsPerTrack();
        long totalSectors = useCurrentSize || geometrySectors == VhdGeometry.MAX_GEOMETRY_SECTORS
                ? Long.divideUnsigned(footer.currentSize(), 512) : geometrySectors;
        if (totalSectors > VhdGeometry.MAX_SECTORS) {
            throw new BlockException(Errno.EFBIG, "Could not open '" + ctx.filename() + "': File too large");
        }
        VpcBat bat = footer.diskType() == VhdFooter.TYPE_FIXED ? null // every other type is read as dynamic
                : dynamic(file, footer, totalSectors);
        io.jiotests.engine.block.FormatOptions.rejectUnknown("vpc", ctx.options(), Set.of("force_size_calc"));
        return new VpcNode(driver, ctx, footer, totalSectors * 512, bat);
    }

    private static VpcBat dynamic(BlockNode file, VhdFooter footer, long totalSectors) throws BlockException {
        long dataOffset = footer.dataOffset();
        if (dataOffset < 0 || dataOffset > MAX_LENGTH - VhdDynamicHeader.SIZE) {
            throw new BlockException(Errno.EINVAL, "Error reading dynamic VHD header");
        }
        VhdDynamicHeader dyn = VhdDynamicHeader.parse(read(file, dataOffset, VhdDynamicHeader.SIZE));
        if (!dyn.hasCookie()) {
            throw new BlockException(Errno.EINVAL, "Invalid header magic");
        }
        long blockSize = dyn.blockSize();
        if (blockSize < 512 || Long.bitCount(blockSize) != 1) {
            throw new BlockException(Errno.EINVAL, "Invalid block size " + blockSize);
        }
        int rawEntries = dyn.maxTableEntries();
        if (Integer.compareUnsigned(rawEntries, MAX_TABLE_ENTRIES) > 0) {
            throw new BlockException(Errno.EINVAL, "Max Table Entries too large (" + rawEntries + ")");
        }
        long entries = rawEntries;
        if (entries * blockSize < totalSectors * 512) {
            throw new BlockException(Errno.EINVAL, "Page table too small");
        }
        long tableOffset = dyn.tableOffset();
        long tableBytes = entries * 4;
        if (tableBytes > MAX_REQUEST || tableOffset < 0 || tableOffset > MAX_LENGTH - tableBytes) {
            throw new BlockException(Errno.EIO, "Error reading pagetable");
        }
        long fileLength = sectorLength(file);
        long free = (tableOffset + tableBytes + 511) & ~511L;
        if (free > fileLength) {
            throw truncated(); // the table itself runs past the end of the file
        }
        int bitmapSize = (int) (((blockSize / (8 * 512)) + 511) & ~511L);
        int[] table = new int[(int) entries];
        ByteBuffer buf = ByteBuffer.wrap(read(file, tableOffset, (int) tableBytes)).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < table.length; i++) {
            table[i] = buf.getInt();
            if (table[i] != VpcBat.UNALLOCATED) {
                long next = Integer.toUnsignedLong(table[i]) * 512 + bitmapSize + blockSize;
                free = Math.max(free, next);
            }
        }
        if (free > fileLength) {
            throw truncated();
        }
        return new VpcBat(table, tableOffset, blockSize, bitmapSize, free);
    }

    private static BlockException truncated() {
        return new BlockException(Errno.EINVAL, "block-vpc: free_data_block_offset points after the end of "
                + "file. The image has been truncated.");
    }

    /** The file's length as qemu's bdrv_getlength gives it: rounded up to whole sectors. */
    private static long sectorLength(BlockNode file) throws BlockException {
        long len = file.length();
        return len > Long.MAX_VALUE - 511 ? len : (len + 511) & ~511L;
    }

    private static byte[] read(BlockNode file, long offset, int len) throws BlockException {
        byte[] b = new byte[len];
        file.pread(offset, ByteBuffer.wrap(b));
        return b;
    }
}
