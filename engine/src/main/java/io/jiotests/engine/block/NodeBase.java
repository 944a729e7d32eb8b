package io.jiotests.engine.block;

/**
 * What every node over one child shares, format or filter: its driver, its name, the child it
 * reads from and writes to, and its open flags. {@link FormatNodeBase} adds what format nodes
 * share; filters (blkdebug, copy-on-read) extend this class directly.
 *
 * @param <D> the node's driver type, for the driver-specific calls a node makes
 */
public abstract class NodeBase<D extends BlockDriver> implements BlockNode {
    protected final D driver;
    protected final String filename;
    protected final BlockNode file;
    protected volatile OpenFlags flags;

    protected NodeBase(D driver, String filename, BlockNode file, OpenFlags flags) {
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

    /** {@link BlockNode}'s default write-zeroes: zero writes through this node's own pwrite. */
    protected final void pwriteZeroesByWrites(long offset, long bytes, int writeFlags) throws BlockException {
        BlockNode.super.pwriteZeroes(offset, bytes, writeFlags);
    }

    /**
     * A reopen that only the child takes part in: the child prepares, and the commit takes the new
     * flags for this node too. Nodes whose reopen needs nothing more (most formats; blkdebug,
     * whose rules stay as they are) return it from {@link #reopenPrepare}.
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

    /** Closes the child; nodes with more to release or write first override it. */
    @Override
    public void close() throws BlockException {
        file.close();
    }
}
