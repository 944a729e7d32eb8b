package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
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
                case 'r' -> ImgOptions.size(env, g.optarg(), "rate limit");
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
        OpenFlags flags = OpenFlags.readWrite().withCache(cacheMode);
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
            ReopenTransaction rw = baseNode.reopenPrepare(baseNode.flags().withWritable(true));
            rw.commit();
            commit(top, baseNode, baseNode, p);
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

    private static void commit(BlockNode top, BlockNode base, BlockNode writableBase, Progress p)
            throws BlockException {
        long len = top.length();
        if (writableBase.length() < len) {
            writableBase.truncate(len, false, Preallocation.OFF);
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(BUF);
        long n;
        for (long offset = 0; offset < len; offset += n) {
            n = Math.min(BUF, len - offset);
            BlockStatusQuery.Allocation a = BlockStatusQuery.isAllocatedAbove(top, base, false, offset, n);
            n = Math.max(1, Math.min(n, a.bytes()));
            if (a.allocated()) {
                ImgCompare.read(top, offset, buf, (int) n);
                buf.position(0).limit((int) n);
                writableBase.pwrite(offset, buf, 0);
            }
            p.print(Progress.percent(n, len));
        }
        writableBase.flush();
    }
}
