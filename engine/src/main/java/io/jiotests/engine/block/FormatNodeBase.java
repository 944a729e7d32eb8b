package io.jiotests.engine.block;

/**
 * What every format node opened on one protocol child shares: its driver, its name, the child it
 * reads its metadata and data from, and its open flags (replaced by a reopen). Format drivers
 * extend it and add their own on-disk state.
 *
 * @param <D> the format's driver type, for the driver-specific calls a node makes
 */
public abstract class FormatNodeBase<D extends BlockDriver> implements BlockNode {
    protected final D driver;
    protected final String filename;
    protected final BlockNode file;
    protected volatile OpenFlags flags;

    protected FormatNodeBase(D driver, OpenContext ctx) {
        this(driver, ctx.filename(), ctx.file(), ctx.flags());
    }

    protected FormatNodeBase(D driver, String filename, BlockNode file, OpenFlags flags) {
        this.driver = driver;
        this.filename = filename;
        this.file = file;
        this.flags = flags;
    }

    @Override
    public BlockDriver driver() {
        return driver;
    }

    @Override
    public String filename() {
        return filename;
    }

    @Override
    public OpenFlags flags() {
        return flags;
    }

    @Override
    public BlockNode file() {
        return file;
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

    /** Closes the protocol child; formats with more to release or write first override it. */
    @Override
    public void close() throws BlockException {
        file.close();
    }
}
