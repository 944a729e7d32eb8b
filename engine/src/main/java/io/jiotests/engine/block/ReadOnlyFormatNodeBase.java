package io.jiotests.engine.block;

import java.nio.ByteBuffer;

/**
 * A format node of a read-only driver without a block-status callback (QEMU's bochs and cloop):
 * writes fail with EACCES, a flush reaches the protocol child, every range reports as data at no
 * known host offset, and closing closes the child.
 *
 * @param <D> the format's driver type
 */
public abstract class ReadOnlyFormatNodeBase<D extends BlockDriver> extends FormatNodeBase<D> {
    protected ReadOnlyFormatNodeBase(D driver, OpenContext ctx) {
        super(driver, ctx);
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
        return new BlockStatus(BlockStatus.DATA | BlockStatus.ALLOCATED, bytes, 0, null);
    }
}
