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

    /**
     * A reopen that only the protocol child takes part in: the child prepares, and the commit
     * takes the new flags for this node too. Formats whose reopen needs nothing more return it from
     * {@link #reopenPrepare}.
     */
    protected final ReopenTransaction reopenWithFile(OpenFlags newFlags) throws BlockException {
        ReopenTransaction inner = file.reopenPrepare(newFlags);
        return new ReopenTransaction() {
            @Override
            public void commit() {
                inner.commit();
                flags = newFlags;
            }

            @Override
            public void abort() {
                inner.abort();
            }
        };
    }
}
