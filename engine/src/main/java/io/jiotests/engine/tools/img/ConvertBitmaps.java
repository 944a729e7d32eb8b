package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.DirtyBitmap;
import io.jiotests.engine.block.DirtyBitmaps;
import java.util.List;

/**
 * {@code qemu-img convert --bitmaps [--skip-broken-bitmaps]}: the source's persistent bitmaps are
 * checked before the target is created and copied (added with the same granularity and enabled
 * state, then merged) after the data.
 */
final class ConvertBitmaps {
    private ConvertBitmaps() {
    }

    /** The checks on the sources, before the target is created. */
    static void checkSources(List<BlockNode> sources, boolean skipBroken) throws ImgError {
        if (sources.size() > 1) {
            throw ImgError.report("Copying bitmaps only possible with single source");
        }
        DirtyBitmaps src = sources.get(0).dirtyBitmaps();
        if (src == null || !src.supportsPersistent()) {
            throw ImgError.report("Source lacks bitmap support");
        }
        if (skipBroken) {
            return;
        }
        for (DirtyBitmap bm : src.list()) {
            if (bm.persistent() && bm.inconsistent()) {
                throw ImgError.report("Cannot copy inconsistent bitmap '" + bm.name() + "'\n"
                        + "Try --skip-broken-bitmaps, or use 'qemu-img bitmap --remove' to delete it");
            }
        }
    }

    /** The check on the opened target. */
    static void checkTarget(BlockNode target) throws ImgError {
        DirtyBitmaps dst = target.dirtyBitmaps();
        if (dst == null || !dst.supportsPersistent()) {
            throw ImgError.report("Format driver '" + target.driver().name() + "' does not support bitmaps");
        }
    }

    /** Copies the bitmaps, in QEMU's order (the source's list, newest first). */
    static void copy(ImgEnv env, BlockNode source, BlockNode target, boolean skipBroken) throws ImgError {
        DirtyBitmaps dst = target.dirtyBitmaps();
        for (DirtyBitmap bm : source.dirtyBitmaps().list()) {
            if (!bm.persistent()) {
                continue;
            }
            if (skipBroken && bm.inconsistent()) {
                env.warn("Skipping inconsistent bitmap '" + bm.name() + "'");
                continue;
            }
            try {
                DirtyBitmap copy = dst.add(bm.name(), bm.granularity(), !bm.enabled());
                copy.merge(bm);
            } catch (BlockException e) {
                throw ImgError.report("Failed to populate bitmap " + bm.name() + ": " + e.getMessage());
            }
        }
    }
}
