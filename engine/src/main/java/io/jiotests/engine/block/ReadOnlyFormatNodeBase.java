package io.jiotests.engine.block;

import java.nio.ByteBuffer;

/**
 * A format node of a read-only driver of 512-byte sectors without a block-status callback or
 * driver info (QEMU's bochs and cloop): the disk is {@code totalSectors} sectors, writes fail with
 * EACCES, a flush reaches the protocol child, every range reports as data at no known host offset,
 * and closing closes the child.
 *
 * @param <D> the format's driver type
 */
public abstract class ReadOnlyFormatNodeBase<D extends BlockDriver> extends FormatNodeBase<D> {
    private final long totalSectors;

    protected ReadOnlyFormatNodeBase(D driver, OpenContext ctx, long totalSectors) {
        super(driver, ctx);
        this.totalSectors = totalSectors;
    }

    @Override
    public long length() {
        return totalSectors * 512;
    }

    @Override
    public int requestAlignment() {
        return 512;
    }

    @Override
    public boolean hasDriverInfo() {
        return false;
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int writeFlags) throws BlockException {
        throw new BlockException(Errno.EACCES);
    }

    @Override
    public void flush() throws BlockException {
        file.flush();
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) {
        return allocatedDataAtNoKnownOffset(bytes);
    }
}
