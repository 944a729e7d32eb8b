package io.jiotests.engine.vpc;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.FormatNodeBase;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.ReopenTransaction;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An open VHD. A fixed image is raw data from offset 0. In a dynamic
 * image (qemu reads every type but fixed as dynamic), reads of unallocated blocks return zeroes and reads of allocated ones ignore the sector
 * bitmap (as qemu does); the first write to an unallocated block allocates it where the footer
 * is: an all-ones bitmap, the footer moved after the new block, the BAT entry, then the data.
 * The first write to an allocated block since open rewrites its bitmap as all ones. Zero writes
 * are plain writes and discard does nothing (qemu has neither for vpc); there is no check.
 */
final class VpcNode extends FormatNodeBase<VpcDriver> {
    private final byte[] footer;
    private final long length;
    /** The BAT of a dynamic image, null for a fixed one. */
    private final VpcBat bat;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long lastBitmapOffset = -1;

    VpcNode(VpcDriver driver, OpenContext ctx, VhdFooter footer, long length, VpcBat bat) {
        super(driver, ctx);
        this.footer = footer.toBytes();
        this.length = length;
        this.bat = bat;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int clusterSize() {
        return bat == null ? 0 : (int) Math.min(bat.blockSize, Integer.MAX_VALUE);
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        if (bat == null) {
            file.pread(offset, dst);
            return;
        }
        lock.readLock().lock();
        try {
            long pos = offset;
            while (dst.hasRemaining()) {
                long inBlock = pos % bat.blockSize;
                int n = (int) Math.min(dst.remaining(), bat.blockSize - inBlock);
                ByteBuffer part = dst.slice(dst.position(), n);
                long bitmap = bat.bitmapOffset(pos / bat.blockSize);
                if (bitmap < 0) {
                    if (part.hasArray()) {
                        Arrays.fill(part.array(), part.arrayOffset(), part.arrayOffset() + n, (byte) 0);
                    } else {
                        part.put(new byte[n]);
                    }
                } else {
                    file.pread(bitmap + bat.bitmapSize + inBlock, part);
                }
                dst.position(dst.position() + n);
                pos += n;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int writeFlags) throws BlockException {
        refuseCompressedWrite(writeFlags);
        if (bat == null) {
            file.pwrite(offset, src, writeFlags & WRITE_FUA);
            return;
        }
        lock.writeLock().lock();
        try {
            long pos = offset;
            while (src.hasRemaining()) {
                long index = pos / bat.blockSize;
                long inBlock = pos % bat.blockSize;
                int n = (int) Math.min(src.remaining(), bat.blockSize - inBlock);
                long bitmap = bat.bitmapOffset(index);
                if (bitmap < 0) {
                    bitmap = allocate(index);
                } else if (bitmap != lastBitmapOffset) {
                    lastBitmapOffset = bitmap;
                    writeOnes(bitmap, bat.bitmapSize);
                }
                file.pwrite(bitmap + bat.bitmapSize + inBlock, src.slice(src.position(), n), writeFlags & WRITE_FUA);
                src.position(src.position() + n);
                pos += n;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Allocates block {@code index} at the footer's place and returns its bitmap offset. */
    private long allocate(long index) throws BlockException {
        long bitmap = bat.freeDataBlockOffset;
        bat.entries[(int) index] = (int) (bitmap / 512);
        writeOnes(bitmap, bat.bitmapSize);
        bat.freeDataBlockOffset += bat.blockSize + bat.bitmapSize;
        file.pwrite(bat.freeDataBlockOffset, ByteBuffer.wrap(footer), 0);
        ByteBuffer entry = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(0, bat.entries[(int) index]);
        file.pwrite(bat.tableOffset + 4 * index, entry, 0);
        file.flush();
        return Integer.toUnsignedLong(bat.entries[(int) index]) * 512;
    }

    private void writeOnes(long offset, int bytes) throws BlockException {
        if (bytes == 0) {
            return;
        }
        byte[] ones = new byte[bytes];
        Arrays.fill(ones, (byte) 0xff);
        file.pwrite(offset, ByteBuffer.wrap(ones), 0);
        file.flush();
    }

    @Override
    public void flush() throws BlockException {
        file.flush();
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) {
        if (bat == null) {
            // qemu reports data, made precise (holes read as zero) by the file's status
            return new BlockStatus(BlockStatus.DATA | BlockStatus.OFFSET_VALID | BlockStatus.RECURSE,
                    bytes, offset, file);
        }
        long inBlock = offset % bat.blockSize;
        long n = Math.min(bytes, bat.blockSize - inBlock);
        lock.readLock().lock();
        try {
            long bitmap = bat.bitmapOffset(offset / bat.blockSize);
            if (bitmap < 0) {
                return new BlockStatus(BlockStatus.ZERO, n, 0, null);
            }
            return new BlockStatus(BlockStatus.DATA | BlockStatus.OFFSET_VALID, n,
                    bitmap + bat.bitmapSize + inBlock, file);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        return reopenWithFile(newFlags);
    }
}
