package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.OpenFlags;
import java.util.Map;

/**
 * How jqemu-img opens images (qemu-img's img_open): through the engine's {@link BlockOpener}
 * (format probing, json: and --image-opts filenames, the backing chain) relative to the tool's
 * working directory, with qemu-img's "Could not open 'f': " prefix on failures.
 */
final class ImageOpener {
    private ImageOpener() {
    }

    static BlockOpener opener(ImgEnv env) {
        return new BlockOpener(env.registry(), env.ctx().cwd(), env.err(), "qemu-img: ");
    }

    /** Opens an image; the BlockException's message has no "Could not open" prefix added. */
    static BlockNode open(ImgEnv env, String filename, String fmt, boolean imageOpts, OpenFlags flags)
            throws BlockException {
        env.out().flush();
        if (imageOpts) {
            Map<String, String> opts = BlockOpener.parseImageOpts(filename);
            return opener(env).open(null, fmt, opts, flags);
        }
        return opener(env).open(filename, fmt, null, flags);
    }

    /**
     * Opens a filename (not --image-opts) with extra driver options, as qemu-img convert opens
     * the target it created with the create options' key secrets.
     */
    static BlockNode openWith(ImgEnv env, String filename, String fmt, Map<String, String> options,
                              OpenFlags flags) throws ImgError {
        env.out().flush();
        try {
            return opener(env).open(filename, fmt, options, flags);
        } catch (BlockException e) {
            throw ImgError.report("Could not open '" + filename + "': " + e.getMessage());
        }
    }

    /**
     * img_open(): opens or fails with "Could not open 'f': reason"; --image-opts text names its
     * driver itself, so every command refuses it together with -f.
     */
    static BlockNode openOrFail(ImgEnv env, String filename, String fmt, boolean imageOpts,
                                OpenFlags flags) throws ImgError {
        if (imageOpts && fmt != null) {
            throw ImgError.report("--image-opts and --format are mutually exclusive");
        }
        try {
            return open(env, filename, fmt, imageOpts, flags);
        } catch (BlockException e) {
            throw ImgError.report("Could not open '" + filename + "': " + e.getMessage());
        }
    }
}
