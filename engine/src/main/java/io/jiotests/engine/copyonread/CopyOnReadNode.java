package io.jiotests.engine.copyonread;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.BlockBackend;
import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.BlockStatusQuery;
import io.jiotests.engine.block.NodeBase;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;

import java.nio.ByteBuffer;

/**
 * An open copy-on-read filter over its child ({@link #file()}). A read is widened to whole clusters of the child
 * (its request alignment when it has no clusters); every part the child does not allocate itself
 * is read through the child (so from its backing chain) and written back into it, as zeroes
 * (write-zeroes, a zero cluster in qcow2) when the data is all zero, as data otherwise (QEMU's
 * bdrv_co_do_copy_on_readv). Everything else passes straight to the child.
 */
final class CopyOnReadNode extends NodeBase<BlockDriver> {
    /** The largest piece copied at once (QEMU's COR bounce buffer limit). */
    private static final int MAX_BOUNCE = 1 << 20;

    CopyOnReadNode(BlockDriver driver, BlockNode child) {
        super(driver, child.filename(), child, child.flags());
    }

    /** A filter's flags are its child's as they stand now (a reopen of the child changes them). */
    @Override
    public OpenFlags flags() {
        return file.flags();
    }

    @Override
    public long length() throws BlockException {
        return file.length();
    }

    @Override
    public int requestAlignment() {
        return file.requestAlignment();
    }

    @Override
    public int clusterSize() {
        return file.clusterSize();
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        int n = dst.remaining();
        if (n == 0) {
            return;
        }
        long unit = Math.max(1, file.clusterSize() > 0 ? file.clusterSize() : file.requestAlignment());
        long length = BlockBackend.sectorLength(file);
        long start = offset - offset % unit;
        long end = Math.min(length, roundUp(offset + n, unit));
        long pos = start;
        while (pos < end) {
            long want = Math.min(end - pos, MAX_BOUNCE);
            BlockStatusQuery.Allocation a = BlockStatusQuery.isAllocated(file, pos, want);
            long pnum = Math.max(1, Math.min(want, a.bytes()));
            if (!a.allocated()) {
                pnum = Math.min(want, roundUp(pnum, unit));
                copy(pos, (int) pnum);
            }
            pos += pnum;
        }
        BlockBackend.readAligned(file, offset, dst);
    }

    private void copy(long offset, int bytes) throws BlockException {
        ByteBuffer bounce = ByteBuffer.allocate(bytes);
        BlockBackend.readAligned(file, offset, bounce.duplicate());
        file.debugEvent(BlkdebugEvent.COR_WRITE);
        if (bounce.mismatch(ByteBuffer.allocate(bytes)) < 0) {
            file.pwriteZeroes(offset, bytes, 0);
        } else {
            file.pwrite(offset, bounce, 0);
        }
    }

    private static long roundUp(long v, long unit) {
        long r = v % unit;
        return r == 0 ? v : v + unit - r;
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int flags) throws BlockException {
        file.pwrite(offset, src, flags);
    }

    @Override
    public void flush() throws BlockException {
        file.flush();
    }

    @Override
    public void pwriteZeroes(long offset, long bytes, int flags) throws BlockException {
        file.pwriteZeroes(offset, bytes, flags);
    }

    @Override
    public void pdiscard(long offset, long bytes) throws BlockException {
        file.pdiscard(offset, bytes);
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) throws BlockException {
        return file.blockStatus(offset, bytes, wantZero);
    }

    @Override
    public void truncate(long newSize, boolean exact, Preallocation prealloc) throws BlockException {
        file.truncate(newSize, exact, prealloc);
    }
}
