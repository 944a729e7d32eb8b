package io.jiotests.engine.block;

/**
 * The first of the failures of a multi-step close: a node closes every child even when an earlier
 * step failed (as QEMU closes all of a node's children), then reports the first failure.
 */
public final class FirstFailure {
    private BlockException first;

    /** Keeps {@code e} if no step has failed before. */
    public void add(BlockException e) {
        if (first == null) {
            first = e;
        }
    }

    /** Closes {@code node} (nothing when null), keeping its failure. */
    public void close(BlockNode node) {
        if (node == null) {
            return;
        }
        try {
            node.close();
        } catch (BlockException e) {
            add(e);
        }
    }

    /** Throws the first failure kept, if any. */
    public void throwIfAny() throws BlockException {
        if (first != null) {
            throw first;
        }
    }
}
