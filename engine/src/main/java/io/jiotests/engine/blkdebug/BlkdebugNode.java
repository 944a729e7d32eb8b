package io.jiotests.engine.blkdebug;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.NodeBase;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.block.ReopenTransaction;
import io.jiotests.engine.blkdebug.BlkdebugRule.IoType;

import java.nio.ByteBuffer;

/**
 * An open blkdebug node: passes requests to its image child after checking them against the active
 * error rules, and runs the rules of the events raised on it ({@link #debugEvent}). Requests that
 * are not aligned to the node's {@code align} are widened here (read-modify-write for writes, with
 * the pwritev_rmw_* events), and requests above {@code max-transfer} are split, as QEMU's generic
 * layer does before a request reaches blkdebug; each piece is checked on its own.
 */
public final class BlkdebugNode extends NodeBase<BlockDriver> {
    private final BlkdebugRules rules;
    private final int align;
    private final int maxTransfer;

    BlkdebugNode(BlockDriver driver, String filename, OpenFlags flags, BlockNode image, BlkdebugRules rules,
                 int align, int maxTransfer) {
        super(driver, filename, image, flags);
        this.rules = rules;
        this.align = align > 0 ? align : Math.max(1, file.requestAlignment());
        this.maxTransfer = maxTransfer > 0 ? maxTransfer : file.maxTransfer();
    }

    /** The rule engine (breakpoints for qemu-io's break / wait_break / resume / remove_break). */
    public BlkdebugRules rules() {
        return rules;
    }

    @Override
    public void debugEvent(String event) {
        rules.event(event);
    }

    @Override
    public long length() throws BlockException {
        return file.length();
    }

    @Override
    public int requestAlignment() {
        return align;
    }

    @Override
    public int maxTransfer() {
        return maxTransfer;
    }

    private void check(long offset, long bytes, IoType type) throws BlockException {
        int errno = rules.check(offset, bytes, type);
        if (errno != 0) {
            throw new BlockException(Errno.of(errno));
        }
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        long end = offset + dst.remaining();
        long aStart = offset - offset % align;
        long aEnd = end % align == 0 ? end : end + align - end % align;
        if (aStart == offset && aEnd == end) {
            readChunks(offset, dst);
            return;
        }
        ByteBuffer tmp = ByteBuffer.allocate(Math.toIntExact(aEnd - aStart));
        readChunks(aStart, tmp.duplicate());
        tmp.position((int) (offset - aStart)).limit((int) (end - aStart));
        dst.put(tmp);
    }

    private void readChunks(long offset, ByteBuffer dst) throws BlockException {
        int chunkMax = chunk();
        int limit = dst.limit();
        long pos = offset;
        while (dst.hasRemaining()) {
            int n = Math.min(dst.remaining(), chunkMax);
            check(pos, n, IoType.READ);
            dst.limit(dst.position() + n);
            file.pread(pos, dst);
            dst.limit(limit);
            pos += n;
        }
    }

    private int chunk() {
        int m = Math.max(align, maxTransfer);
        return m - m % align;
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int wflags) throws BlockException {
        long end = offset + src.remaining();
        long aStart = offset - offset % align;
        long aEnd = end % align == 0 ? end : end + align - end % align;
        if (aStart == offset && aEnd == end) {
            writeChunks(offset, src, wflags);
            return;
        }
        ByteBuffer tmp = ByteBuffer.allocate(Math.toIntExact(aEnd - aStart));
        if (aStart != offset) {
            rules.event(BlkdebugEvent.PWRITEV_RMW_HEAD);
            readChunks(aStart, tmp.slice(0, align));
            rules.event(BlkdebugEvent.PWRITEV_RMW_AFTER_HEAD);
        }
        if (aEnd != end && !(aStart != offset && aEnd - align == aStart)) {
            rules.event(BlkdebugEvent.PWRITEV_RMW_TAIL);
            readChunks(aEnd - align, tmp.slice((int) (aEnd - align - aStart), align));
            rules.event(BlkdebugEvent.PWRITEV_RMW_AFTER_TAIL);
        }
        tmp.position((int) (offset - aStart));
        tmp.put(src);
        tmp.clear();
        writeChunks(aStart, tmp, wflags);
    }

    private void writeChunks(long offset, ByteBuffer src, int wflags) throws BlockException {
        int chunkMax = chunk();
        int limit = src.limit();
        long pos = offset;
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), chunkMax);
            rules.event(BlkdebugEvent.PWRITEV);
            check(pos, n, IoType.WRITE);
            src.limit(src.position() + n);
            file.pwrite(pos, src, wflags);
            src.limit(limit);
            rules.event(BlkdebugEvent.PWRITEV_DONE);
            pos += n;
        }
    }

    @Override
    public void pwriteZeroes(long offset, long bytes, int zflags) throws BlockException {
        if (offset % align != 0 || bytes % align != 0) {
            if ((zflags & WRITE_NO_FALLBACK) != 0) {
                throw new BlockException(Errno.ENOTSUP);
            }
            pwriteZeroesByWrites(offset, bytes, zflags);
            return;
        }
        rules.event(BlkdebugEvent.PWRITEV_ZERO);
        check(offset, bytes, IoType.WRITE_ZEROES);
        file.pwriteZeroes(offset, bytes, zflags);
        rules.event(BlkdebugEvent.PWRITEV_DONE);
    }

    @Override
    public void pdiscard(long offset, long bytes) throws BlockException {
        long start = offset % align == 0 ? offset : offset + align - offset % align;
        long end = (offset + bytes) - (offset + bytes) % align;
        check(offset, bytes, IoType.DISCARD);
        if (end > start) {
            file.pdiscard(start, end - start);
        }
    }

    @Override
    public void flush() throws BlockException {
        check(0, 0, IoType.FLUSH);
        file.flush();
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) throws BlockException {
        check(offset, bytes, IoType.BLOCK_STATUS);
        return file.blockStatus(offset, bytes, wantZero);
    }

    @Override
    public void truncate(long newSize, boolean exact, Preallocation prealloc) throws BlockException {
        file.truncate(newSize, exact, prealloc);
    }

    /** QEMU has no allocated size for blkdebug: qemu-img info says "disk size: unavailable". */
    @Override
    public long allocatedFileSize() {
        return -1;
    }

    /**
     * A reopen (commit makes its base writable) passes through to the image, as in QEMU, whose
     * blkdebug accepts every reopen; the rules stay as they are.
     */
    @Override
    public ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        return reopenWithFile(newFlags);
    }

    @Override
    public void close() throws BlockException {
        rules.releaseAll();
        super.close();
    }
}
