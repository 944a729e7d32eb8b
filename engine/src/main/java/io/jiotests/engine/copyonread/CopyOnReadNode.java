package io.jiotests.engine.copyonread;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.BlockBackend;
import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.BlockStatusQuery;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;

import java.nio.ByteBuffer;

/**
 * An open copy-on-read filter over {@code child}. A read is widened to whole clusters of the child
 * (its request alignment when it has no clusters); every part the child does not allocate itself
 * is read through the child (so from its backing chain) and written back into it, as zeroes
 * (write-zeroes, a zero cluster in qcow2) when the data is all zero, as data otherwise (QEMU's
 * bdrv_co_do_copy_on_readv). Everything else passes straight to the child.
 */
final class CopyOnReadNode implements BlockNode {
    /** The largest piece copied at once (QEMU's COR bounce buffer limit). */
    private static final int MAX_BOUNCE = 1 << 20;

    private final BlockDriver driver;
    private final BlockNode child;

    CopyOnReadNode(BlockDriver driver, BlockNode child) {
        this.driver = driver;
        this.child = child;
    }

    @Override
    public BlockDriver driver() {
        return driver;
    }

    @Override
    public String filename() {
        return child.filename();
    }

    @Override
    public OpenFlags flags() {
        return child.flags();
    }

    @Override
    public BlockNode file() {
        return child;
    }

    @Override
    public long length() throws BlockException {
        return child.length();
    }

    @Override
    public int requestAlignment() {
        return child.requestAlignment();
    }

    @Override
    public int clusterSize() {
        return child.clusterSize();
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        int n = dst.remaining();
        if (n == 0) {
            return;
        }
        long unit = Math.max(1, child.clusterSize() > 0 ? child.clusterSize() : child.requestAlignment());
        long length = BlockBackend.sectorLength(child);
        long start = offset - offset % unit;
        long end = Math.min(length, roundUp(offset + n, unit));
        long pos = start;
        while (pos < end) {
            long want = Math.min(end - pos, MAX_BOUNCE);
            BlockStatusQuery.Allocation a = BlockStatusQuery.isAllocated(child, pos, want);
            long pnum = Math.max(1, Math.min(want, a.bytes()));
            if (!a.allocated()) {
                pnum = Math.min(want, roundUp(pnum, unit));
                copy(pos, (int) pnum);
            }
            pos += pnum;
        }
        BlockBackend.readAligned(child, offset, dst);
    }

    private void copy(long offset, int bytes) throws BlockException {
        ByteBuffer bounce = ByteBuffer.allocate(bytes);
        BlockBackend.readAligned(child, offset, bounce.duplicate());
        child.debugEvent(BlkdebugEvent.COR_WRITE);
        if (bounce.mismatch(ByteBuffer.allocate(bytes)) < 0) {
            child.pwriteZeroes(offset, bytes, 0);
        } else {
            child.pwrite(offset, bounce, 0);
        }
    }

    private static long roundUp(long v, long unit) {
        long r = v % unit;
        return r == 0 ? v : v + unit - r;
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int flags) throws BlockException {
        child.pwrite(offset, src, flags);
    }

    @Override
    public void flush() throws BlockException {
        child.flush();
    }

    @Override
    public void pwriteZeroes(long offset, long bytes, int flags) throws BlockException {
        child.pwriteZeroes(offset, bytes, flags);
    }

    @Override
    public void pdiscard(long offset, long bytes) throws BlockException {
        child.pdiscard(offset, bytes);
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) throws BlockException {
        return child.blockStatus(offset, bytes, wantZero);
    }

    @Override
    public void truncate(long newSize, boolean exact, Preallocation prealloc) throws BlockException {
        child.truncate(newSize, exact, prealloc);
    }

    @Override
    public void close() throws BlockException {
        child.close();
    }
}
