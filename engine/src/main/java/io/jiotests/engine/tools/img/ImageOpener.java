package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.OpenFlags;

/**
 * How jqemu-img opens images (qemu-img's img_open): through the engine's BlockOpener (format
 * probing, json: and --image-opts filenames, the backing chain), with qemu-img's
 * "Could not open 'f': " prefix on failures.
 */
final class ImageOpener {
    private ImageOpener() {
    }

    /** Opens an image; the BlockException's message has no "Could not open" prefix added. */
    static BlockNode open(ImgEnv env, String filename, String fmt, boolean imageOpts, OpenFlags flags,
                          boolean quietProbe) throws BlockException {
        throw new BlockException(io.jiotests.engine.block.Errno.ENOTSUP,
                "Could not open '" + filename + "': no block opener");
    }

    /** img_open(): opens or fails with "Could not open 'f': reason". */
    static BlockNode openOrFail(ImgEnv env, String filename, String fmt, boolean imageOpts,
                                OpenFlags flags) throws ImgError {
        try {
            return open(env, filename, fmt, imageOpts, flags, false);
        } catch (BlockException e) {
            throw ImgError.report("Could not open '" + filename + "': " + e.getMessage());
        }
    }
}
