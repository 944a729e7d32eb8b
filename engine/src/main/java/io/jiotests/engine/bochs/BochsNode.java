package io.jiotests.engine.bochs;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.ReadOnlyFormatNodeBase;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenContext;

import java.nio.ByteBuffer;

/**
 * An open (read-only) Bochs image. Each sector is looked up on its own, as QEMU does: its extent
 * in the catalog, then its bit in the extent's bitmap; sectors of unallocated extents or with a
 * clear bit read as zeroes. There is no allocation map: block status reports data everywhere.
 */
final class BochsNode extends ReadOnlyFormatNodeBase<BochsDriver> {
    private final BochsCatalog catalog;
    private final long extentSize;
    private final long dataOffset;
    private final long bitmapBlocks;
    private final long extentStride;

    BochsNode(BochsDriver driver, OpenContext ctx, BochsHeader h, BochsCatalog catalog) {
        super(driver, ctx, h.totalSectors());
        this.catalog = catalog;
        this.extentSize = h.extentSize();
        // QEMU keeps these in 32-bit unsigned variables
        this.dataOffset = (h.headerSize() + catalog.entries() * 4) & 0xffffffffL;
        this.bitmapBlocks = h.bitmapBlocks();
        this.extentStride = (h.extentBlocks() + h.bitmapBlocks()) & 0xffffffffL;
    }

    /** The host byte offset of {@code sector}, or 0 when it reads as zeroes. */
    private long seek(long sector) throws BlockException {
        long offset = sector * 512;
        long extentIndex = offset / extentSize;
        long extentOffset = (offset % extentSize) / 512;
        long entry = catalog.get(extentIndex);
        if (entry == BochsCatalog.UNALLOCATED) {
            return 0;
        }
        // unsigned 64-bit arithmetic that may wrap, as in QEMU; a wrapped offset fails the read
        long bitmapOffset = dataOffset + 512 * entry * extentStride;
        long bytePos = bitmapOffset + extentOffset / 8;
        if (bytePos < 0 || bitmapOffset < 0) {
            throw new BlockException(Errno.EIO);
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        file.pread(bytePos, one);
        if (((one.get(0) >> (extentOffset % 8)) & 1) == 0) {
            return 0;
        }
        long pos = bitmapOffset + 512 * (bitmapBlocks + extentOffset);
        if (pos < 0) {
            throw new BlockException(Errno.EIO);
        }
        return pos;
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        long sector = offset >> 9;
        while (dst.hasRemaining()) {
            ByteBuffer part = dst.slice(dst.position(), 512);
            long pos = seek(sector);
            if (pos > 0) {
                file.pread(pos, part);
            } else {
                part.put(new byte[512]);
            }
            dst.position(dst.position() + 512);
            sector++;
        }
    }
}
