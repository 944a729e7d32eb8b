package io.jiotests.engine.bochs;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatDriverBase;
import io.jiotests.engine.block.FormatOptions;
import io.jiotests.engine.block.OpenContext;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Bochs growing images, read-only as in QEMU: a 512-byte header, a catalog of 32-bit extent
 * numbers and extents that each start with a bitmap of their allocated sectors.
 */
public final class BochsDriver extends FormatDriverBase {
    public BochsDriver() {
        super("bochs");
    }

    @Override
    public int probe(byte[] header, int length, String filename) {
        if (length < BochsHeader.SIZE) {
            return 0;
        }
        return BochsHeader.matches(header) ? 100 : 0;
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        BlockNode file = protocolChild(ctx);
        if (ctx.flags().writable()) {
            throw new BlockException(Errno.EACCES, "Image is read-only");
        }
        byte[] raw = new byte[BochsHeader.SIZE];
        file.pread(0, ByteBuffer.wrap(raw));
        BochsHeader h = BochsHeader.parse(raw);
        h.validate();
        BochsCatalog catalog = BochsCatalog.read(file, h);
        FormatOptions.rejectUnknown("bochs", ctx.options(), Set.of());
        return new BochsNode(this, ctx, h, catalog);
    }
}
