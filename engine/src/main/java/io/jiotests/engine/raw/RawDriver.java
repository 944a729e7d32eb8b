package io.jiotests.engine.raw;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatDriverBase;
import io.jiotests.engine.block.FormatOptions;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionValues;

import java.util.Map;
import java.util.Set;

/** The "raw" format: the guest disk is the file's bytes, optionally a window (offset, size) of it. */
public final class RawDriver extends FormatDriverBase {
    /** Option key the opener sets when the format was guessed by probing (bs->probed). */
    public static final String PROBED_OPTION = io.jiotests.engine.block.BlockOpener.PROBED_OPTION;
    /** raw's own open options besides the block layer's: the window of the file it shows. */
    private static final Set<String> WINDOW_OPTIONS = Set.of("offset", "size");

    public RawDriver() {
        super("raw", OptionSchema.of(OptionSpec.size("size", "Virtual disk size")));
    }

    /** Every file is a valid raw image, but with the lowest score, so raw is the fallback. */
    @Override
    public int probe(byte[] header, int length, String filename) {
        return 1;
    }

    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry) throws BlockException {
        BlockDriver proto = registry.protocolFor(filename);
        if (proto == null) {
            throw new BlockException(Errno.ENOTSUP, "Unknown protocol for '" + filename + "'");
        }
        proto.create(filename, opts, registry);
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        Map<String, String> o = ctx.options();
        FormatOptions.rejectUnknown("raw", o, WINDOW_OPTIONS);
        OptionValues v = new OptionValues(o);
        long offset = v.getSize("offset", 0);
        boolean hasSize = o.containsKey("size");
        long size = v.getSize("size", 0);
        long fileLength = ctx.file().length();
        if (offset > fileLength) {
            throw new BlockException(Errno.EINVAL, "Offset (" + offset
                    + ") cannot be greater than size of the containing file (" + fileLength + ")");
        }
        if (hasSize) {
            if (size % 512 != 0) {
                throw new BlockException(Errno.EINVAL, "Specified size is not multiple of 512");
            }
            if (offset > Long.MAX_VALUE - size || offset + size > fileLength) {
                throw new BlockException(Errno.EINVAL, "The sum of offset (" + offset + ") and size ("
                        + size + ") has to be smaller or equal to the  actual size of the containing file ("
                        + fileLength + ")");
            }
        }
        boolean probed = "on".equals(o.get(PROBED_OPTION));
        return new RawNode(this, ctx, offset, hasSize ? size : -1, probed);
    }
}
