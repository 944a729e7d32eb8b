package io.jiotests.engine.block;

/**
 * What every format node opened on one protocol child shares besides {@link NodeBase}'s driver,
 * name, child and flags: construction from its {@link OpenContext} and a reopen that only the
 * protocol child takes part in (the flags are replaced by a reopen). Format drivers extend it and
 * add their own on-disk state.
 *
 * @param <D> the format's driver type, for the driver-specific calls a node makes
 */
public abstract class FormatNodeBase<D extends BlockDriver> extends NodeBase<D> {
    protected FormatNodeBase(D driver, OpenContext ctx) {
        this(driver, ctx.filename(), ctx.file(), ctx.flags());
    }

    protected FormatNodeBase(D driver, String filename, BlockNode file, OpenFlags flags) {
        super(driver, filename, file, flags);
    }

    /** ENOTSUP for a compressed write, which formats without compressed clusters refuse. */
    protected static void refuseCompressedWrite(int writeFlags) throws BlockException {
        if ((writeFlags & WRITE_COMPRESSED) != 0) {
            throw new BlockException(Errno.ENOTSUP);
        }
    }

    /**
     * The block status of a format without a block-status callback: QEMU's generic layer reports
     * all of the range as allocated data at no known host offset.
     */
    protected static BlockStatus allocatedDataAtNoKnownOffset(long bytes) {
        return new BlockStatus(BlockStatus.DATA | BlockStatus.ALLOCATED, bytes, 0, null);
    }
}
