package io.jiotests.engine.raw;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.AsyncRequests;
import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatNodeBase;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.block.ReopenTransaction;

import java.nio.ByteBuffer;

/**
 * An open raw image: requests are passed to the file node shifted by {@code offset}. When the
 * format was only guessed by probing, writes to the first sector that would make the image probe
 * as another format are refused (EPERM), as QEMU does to stop a guest turning a raw disk into a
 * qcow2 header.
 */
final class RawNode extends FormatNodeBase<RawDriver> {
    private static final int PROBE_SECTOR = 512;

    private final DriverRegistry registry;
    private final long offset;
    /** The fixed size from the "size" option, or -1 to follow the file. */
    private final long size;
    private final boolean probed;

    RawNode(RawDriver driver, OpenContext ctx, long offset, long size, boolean probed) {
        super(driver, ctx);
        this.registry = ctx.registry();
        this.offset = offset;
        this.size = size;
        this.probed = probed;
    }

    @Override
    public long length() throws BlockException {
        if (size >= 0) {
            return size;
        }
        return Math.max(0, file.length() - offset);
    }

    @Override
    public int requestAlignment() {
        return file.requestAlignment();
    }

    @Override
    public int maxTransfer() {
        return file.maxTransfer();
    }

    @Override
    public void pread(long off, ByteBuffer dst) throws BlockException {
        file.debugEvent(BlkdebugEvent.READ_AIO); // as QEMU's raw driver signals its reads
        file.pread(offset + off, dst);
    }

    @Override
    public void pwrite(long off, ByteBuffer src, int writeFlags) throws BlockException {
        refuseCompressedWrite(writeFlags); // raw has no compressed clusters
        if (probed && off < PROBE_SECTOR && src.hasRemaining()) {
            checkFirstSector(off, src);
        }
        file.debugEvent(BlkdebugEvent.WRITE_AIO);
        file.pwrite(offset + off, src, writeFlags);
    }

    /**
     * The file's asynchronous requests, shifted by the offset; writes into a probed image's first
     * sector are declined (the synchronous write checks what they would make it probe as).
     */
    @Override
    public AsyncRequests openAsync(int depth) throws BlockException {
        AsyncRequests inner = file.openAsync(depth);
        if (inner == null) {
            return null;
        }
        return new AsyncRequests() {
            @Override
            public boolean queue(long off, ByteBuffer buf, boolean write, int tag) throws BlockException {
                if ((write && probed && off < PROBE_SECTOR) || off < 0
                        || (size >= 0 && off + buf.remaining() > size)) {
                    return false;
                }
                return inner.queue(offset + off, buf, write, tag);
            }

            @Override
            public int submitAndWait(int[] tags, int[] results) throws BlockException {
                return inner.submitAndWait(tags, results);
            }

            @Override
            public int capacity() {
                return inner.capacity();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    /** Refuses a write that would make sector 0 probe as a format other than raw. */
    private void checkFirstSector(long off, ByteBuffer src) throws BlockException {
        byte[] sector = new byte[PROBE_SECTOR];
        file.pread(offset, ByteBuffer.wrap(sector));
        ByteBuffer view = src.duplicate();
        int n = (int) Math.min(view.remaining(), PROBE_SECTOR - off);
        view.get(view.position(), sector, (int) off, n);
        BlockDriver guess = registry.probe(sector, PROBE_SECTOR, filename);
        if (guess != null && guess != driver && !"raw".equals(guess.name())) {
            throw new BlockException(Errno.EPERM);
        }
    }

    @Override
    public void flush() throws BlockException {
        file.flush();
    }

    @Override
    public void pwriteZeroes(long off, long bytes, int zeroFlags) throws BlockException {
        file.pwriteZeroes(offset + off, bytes, zeroFlags);
    }

    @Override
    public void pdiscard(long off, long bytes) throws BlockException {
        file.pdiscard(offset + off, bytes);
    }

    /** The data lives raw in the file: the generic layer asks the file node for the details. */
    @Override
    public BlockStatus blockStatus(long off, long bytes, boolean wantZero) {
        return new BlockStatus(BlockStatus.RAW | BlockStatus.OFFSET_VALID | BlockStatus.RECURSE,
                bytes, offset + off, file);
    }

    @Override
    public void truncate(long newSize, boolean exact, Preallocation prealloc) throws BlockException {
        if (size >= 0 || offset != 0) {
            throw new BlockException(Errno.ENOTSUP, "Cannot resize fixed-size raw disks");
        }
        file.truncate(newSize, exact, prealloc);
    }

    @Override
    public ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        return reopenWithFile(newFlags);
    }
}
