package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.BlockStatusQuery;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.block.ReopenTransaction;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@code qemu-img commit [-f fmt] [-t cache] [-b base] [-r rate] [-d] [-p] [-q] filename}: copies
 * what the layers above the base allocate into the base, then (without -d or -b) empties the image.
 */
final class ImgCommit implements ImgTool.Command {
    private static final int BUF = 512 * 1024;

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":f:ht:b:dpqr:", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS)));
        String fmt = null;
        String cache = "unsafe";
        String base = null;
        boolean drop = false;
        boolean progress = false;
        long rateLimit = 0;
        boolean quiet = false;
        boolean imageOpts = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'f' -> fmt = g.optarg();
                case 't' -> cache = g.optarg();
                case 'b' -> {
                    base = g.optarg();
                    drop = true;
                }
                case 'd' -> drop = true;
                case 'p' -> progress = true;
                case 'q' -> quiet = true;
                case 'r' -> rateLimit = ImgOptions.size(env, g.optarg(), "rate limit");
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                default -> ImgOptions.common(env, g, c);
            }
        }
        if (quiet) {
            progress = false;
        }
        List<String> ops = g.operands();
        if (ops.size() != 1) {
            throw ImgError.usage("Expecting one image file name");
        }
        String filename = ops.get(0);
        CacheMode cacheMode = ImgOptions.cache(cache, false);
        // like qemu-img commit: discard=unmap, so clusters freed by emptying the image are discarded
        OpenFlags flags = OpenFlags.readWrite().withUnmap(true).withCache(cacheMode);
        try (BlockNode top = ImageOpener.openOrFail(env, filename, fmt, imageOpts, flags)) {
            if (top.backing() == null) {
                throw ImgError.report("Image does not have a backing file");
            }
            BlockNode baseNode = top.backing();
            if (base != null) {
                baseNode = findInChain(top, filename, base);
                if (baseNode == null) {
                    throw ImgError.report("Did not find '" + base + "' in the backing chain of '" + filename + "'");
                }
            }
            Progress p = new Progress(env.out(), progress, 1.0f);
            p.print(0);
            // qemu-img commit opens with discard=unmap: zeroed ranges are deallocated in the base
            ReopenTransaction rw = baseNode.reopenPrepare(
                    baseNode.flags().withWritable(true).withUnmap(true));
            rw.commit();
            commit(top, baseNode, baseNode, p, RateLimiter.forRate(rateLimit));
            if (!drop) {
                try {
                    top.makeEmpty();
                } catch (BlockException e) {
                    if (e.errno() != Errno.ENOTSUP) {
                        throw e;
                    }
                    // like qemu-img: a format that cannot be emptied stays as it is
                }
            }
            top.flush();
            p.setAbsolute(100f);
            p.end();
            if (!quiet) {
                env.out().print("Image committed.\n");
            }
            return 0;
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
    }

    private static BlockNode findInChain(BlockNode top, String topName, String base) {
        String wanted = BlockOpener.combine(topName, base);
        for (BlockNode n = top.backing(); n != null; n = n.backing()) {
            String f = n.filename();
            if (f != null && (f.equals(base) || f.equals(wanted))) {
                return n;
            }
        }
        return null;
    }

    /**
     * Copies like QEMU's commit job (a mirror into the base): the disk is walked in chunks of the
     * base's cluster size (at least 4 KiB; 64 KiB for formats without clusters). A chunk that some
     * layer above the base allocates, even partly, is written to the base: as zeroes (deallocating
     * where the base can) when the whole chunk reads as zeroes without data, else as a copy of the
     * whole chunk as the top reads it. The progress moves with each committed chunk, as a share
     * of all the chunks to commit.
     */
    private static void commit(BlockNode top, BlockNode base, BlockNode writableBase, Progress p,
                               RateLimiter limiter) throws BlockException {
        long len = top.length();
        if (writableBase.length() < len) {
            writableBase.truncate(len, false, Preallocation.OFF);
        }
        int cs = base.clusterSize();
        int chunk = cs > 0 ? Math.max(4096, Math.min(cs, 65536)) : 65536;
        // like QEMU's job: the progress is a share of the bytes to commit, not of the disk
        long toCommit = 0;
        for (long offset = 0; offset < len; offset += chunk) {
            int n = (int) Math.min(chunk, len - offset);
            if (allocatedAbove(top, base, offset, n)) {
                toCommit += n;
            }
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(chunk);
        for (long offset = 0; offset < len; offset += chunk) {
            int n = (int) Math.min(chunk, len - offset);
            if (allocatedAbove(top, base, offset, n)) {
                BlockStatusQuery.ChainStatus st =
                        BlockStatusQuery.statusAbove(top, null, true, offset, n, true);
                if (st.status().bytes() >= n && (st.status().flags() & BlockStatus.DATA) == 0) {
                    writableBase.pwriteZeroes(offset, n, BlockNode.WRITE_MAY_UNMAP);
                } else {
                    ImgCompare.read(top, offset, buf, n);
                    buf.position(0).limit(n);
                    writableBase.pwrite(offset, buf, 0);
                    if (limiter != null) {
                        // like QEMU's commit job: the copied bytes count, the pause follows the copy
                        limiter.processed(n);
                        limiter.throttle();
                    }
                }
                p.print(Progress.percent(n, toCommit));
            }
        }
        writableBase.flush();
    }

    /** Whether a layer above the base allocates any part of the range. */
    private static boolean allocatedAbove(BlockNode top, BlockNode base, long offset, int n)
            throws BlockException {
        long done = 0;
        while (done < n) {
            BlockStatusQuery.Allocation a =
                    BlockStatusQuery.isAllocatedAbove(top, base, false, offset + done, n - done);
            if (a.allocated()) {
                return true;
            }
            if (a.bytes() <= 0) {
                return false;
            }
            done += a.bytes();
        }
        return false;
    }
}
