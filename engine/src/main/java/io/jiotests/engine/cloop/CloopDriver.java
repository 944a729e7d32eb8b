package io.jiotests.engine.cloop;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatDriverBase;
import io.jiotests.engine.block.FormatOptions;
import io.jiotests.engine.block.OpenContext;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * cloop (compressed loopback) images, read-only as in QEMU: a shell-script preamble, a big-endian
 * block size and count at byte 128, an offset table and zlib-compressed blocks.
 */
public final class CloopDriver extends FormatDriverBase {
    private static final byte[] MAGIC_V2 = ("#!/bin/sh\n#V2.0 Format\n"
            + "modprobe cloop file=$0 && mount -r -t iso9660 /dev/cloop $1\n").getBytes(StandardCharsets.US_ASCII);

    public CloopDriver() {
        super("cloop");
    }

    /**
     * QEMU compares as much of the version 2.0 preamble as the buffer holds, and answers 2. An
     * empty file is never probed there (it is raw before any probe runs), so it is not cloop.
     */
    @Override
    public int probe(byte[] header, int length, String filename) {
        if (length <= 0) {
            return 0;
        }
        int n = Math.min(MAGIC_V2.length, length);
        return Arrays.equals(header, 0, n, MAGIC_V2, 0, n) ? 2 : 0;
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        BlockNode file = protocolChild(ctx);
        if (ctx.flags().writable()) {
            throw new BlockException(Errno.EACCES, "Image is read-only");
        }
        CloopOffsets offsets = CloopOffsets.read(file);
        FormatOptions.rejectUnknown("cloop", ctx.options(), Set.of());
        return new CloopNode(this, ctx, offsets);
    }
}
