package io.jiotests.engine.copyonread;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenContext;

/**
 * The copy-on-read filter ({@code driver=copy-on-read,file.driver=qcow2,...}): reads of data the
 * child takes from its backing chain also write that data into the child. The {@code bottom}
 * option (stop copying at a node) names nodes, which these tools cannot create, so any value is
 * "not found" as in qemu-io. qemu-io's {@code -C} puts the same filter on top of the image.
 */
public final class CopyOnReadDriver implements BlockDriver {

    @Override
    public String name() {
        return "copy-on-read";
    }

    @Override
    public Kind kind() {
        return Kind.FILTER;
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        String bottom = ctx.options().get("bottom");
        if (bottom != null) {
            throw new BlockException(Errno.EINVAL, "Bottom node '" + bottom + "' not found");
        }
        for (String k : ctx.options().keySet()) {
            if (!k.startsWith("x-jiotests-")) {
                throw new BlockException(Errno.EINVAL,
                        "Block format 'copy-on-read' does not support the option '" + k + "'");
            }
        }
        return wrap(ctx.file());
    }

    /** Puts the filter on an opened node; the node must be writable (the filter writes into it). */
    public BlockNode wrap(BlockNode child) throws BlockException {
        if (!child.flags().writable()) {
            throw new BlockException(Errno.EPERM, "Block node is read-only");
        }
        return new CopyOnReadNode(this, child);
    }
}
