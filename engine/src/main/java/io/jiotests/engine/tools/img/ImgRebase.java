package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.BlockStatusQuery;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@code qemu-img rebase [-f fmt] [-t cache] [-T src_cache] [-p] [-q] [-u] [-U] -b backing [-F fmt]
 * filename}. Safe mode copies into the image every range it does not allocate itself where the old
 * and the new backing file differ (sector granularity), then changes the backing reference.
 */
final class ImgRebase implements ImgTool.Command {
    private static final int IO_BUF_SIZE = 2 << 20;
    private static final int SECTOR = 512;

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":hf:F:b:upt:T:qU", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("force-share", false, 'U')));
        String fmt = null;
        String outBase = null;
        String outBaseFmt = null;
        String cache = "writeback";
        String srcCache = "writeback";
        boolean unsafe = false;
        boolean progress = false;
        boolean quiet = false;
        boolean imageOpts = false;
        boolean forceShare = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'f' -> fmt = g.optarg();
                case 'F' -> outBaseFmt = g.optarg();
                case 'b' -> outBase = g.optarg();
                case 'u' -> unsafe = true;
                case 'p' -> progress = true;
                case 't' -> cache = g.optarg();
                case 'T' -> srcCache = g.optarg();
                case 'q' -> quiet = true;
                case 'U' -> forceShare = true;
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
        if (!unsafe && outBase == null) {
            throw ImgError.usage("Must specify backing file (-b) or use unsafe mode (-u)");
        }
        String filename = ops.get(0);
        Progress p = new Progress(env.out(), progress, 2.0f);
        p.print(0);
        try {
            CacheMode cacheMode = ImgOptions.cache(cache, false);
            CacheMode srcCacheMode = ImgOptions.cache(srcCache, true);
            OpenFlags flags = OpenFlags.readWrite().withCache(cacheMode).withNoBacking(unsafe);
            try (BlockNode node = ImageOpener.openOrFail(env, filename, fmt, imageOpts, flags)) {
                if (!unsafe) {
                    copyDifferences(env, node, filename, outBase, outBaseFmt, srcCacheMode, forceShare, p);
                }
                String newName = outBase == null || outBase.isEmpty() ? null : outBase;
                try {
                    if (newName != null && outBaseFmt == null) {
                        throw new BlockException(io.jiotests.engine.block.Errno.EINVAL,
                                "backing format must be specified");
                    }
                    node.changeBackingFile(newName, newName == null ? null : outBaseFmt);
                } catch (BlockException e) {
                    throw ImgError.report("Could not change the backing file to '" + (outBase == null ? "" : outBase)
                            + "': " + e.getMessage());
                }
                node.flush();
                p.setAbsolute(100f);
                p.end();
                return 0;
            } catch (BlockException e) {
                throw ImgError.report(e.getMessage());
            }
        } catch (ImgError e) {
            p.end(); // qemu-img ends the progress line on every way out
            throw e;
        }
    }

    private static void copyDifferences(ImgEnv env, BlockNode node, String filename, String outBase,
                                        String outBaseFmt, CacheMode srcCache, boolean forceShare, Progress p)
            throws BlockException, ImgError {
        BlockNode oldBacking = node.backing();
        BlockNode newBacking = null;
        try {
            BlockNode prefix = null;
            if (outBase != null && !outBase.isEmpty()) {
                prefix = findInChain(env, oldBacking, BlockOpener.combine(filename, outBase));
            }
            if (prefix == null && outBase != null && !outBase.isEmpty()) {
                String path = BlockOpener.combine(filename, outBase);
                try {
                    newBacking = ImageOpener.open(env, path, outBaseFmt, false,
                            OpenFlags.readOnly().withCache(srcCache).withForceShare(forceShare));
                } catch (BlockException e) {
                    throw ImgError.report("Could not open new backing file '" + path + "': " + e.getMessage());
                }
            }
            long size = node.length();
            long oldSize = oldBacking == null ? 0 : oldBacking.length();
            BlockNode newBase = prefix != null ? prefix : newBacking;
            long newSize = newBase == null ? 0 : newBase.length();
            ByteBuffer bufOld = ByteBuffer.allocateDirect(IO_BUF_SIZE);
            ByteBuffer bufNew = ByteBuffer.allocateDirect(IO_BUF_SIZE);
            float step = 100f / (size / Math.max(1, Math.min(size, IO_BUF_SIZE)));
            long n;
            for (long offset = 0; offset < size; offset += n) {
                n = Math.min(size - offset, IO_BUF_SIZE);
                BlockStatusQuery.Allocation a = BlockStatusQuery.isAllocated(node, offset, n);
                n = Math.max(1, Math.min(n, a.bytes()));
                if (a.allocated()) {
                    continue;
                }
                if (prefix != null) {
                    // the new backing file is in the old one's chain: only what the layers between
                    // them allocate can differ (no compare, no progress step elsewhere)
                    if (prefix == oldBacking) {
                        continue;
                    }
                    BlockStatusQuery.Allocation between =
                            BlockStatusQuery.isAllocatedAbove(oldBacking, prefix, false, offset, n);
                    n = Math.max(1, Math.min(n, between.bytes()));
                    if (!between.allocated()) {
                        continue;
                    }
                }
                try {
                    n = fill(oldBacking, oldSize, offset, n, bufOld);
                } catch (BlockException e) {
                    throw ImgError.report("error while reading from old backing file");
                }
                try {
                    n = fill(newBase, newSize, offset, n, bufNew);
                } catch (BlockException e) {
                    throw ImgError.report("error while reading from new backing file");
                }
                long written = 0;
                while (written < n) {
                    long[] pnum = new long[1];
                    boolean differ = differ(bufOld, bufNew, (int) written, (int) (n - written), pnum);
                    if (differ) {
                        try {
                            node.pwrite(offset + written, bufOld.slice((int) written, (int) pnum[0]), 0);
                        } catch (BlockException e) {
                            throw ImgError.report("Error while writing to COW image: " + e.errno().text());
                        }
                    }
                    written += pnum[0];
                }
                p.print(step);
            }
        } finally {
            if (newBacking != null) {
                newBacking.close();
            }
        }
    }

    /**
     * The node of the old backing chain that is the new backing file (QEMU's
     * bdrv_find_backing_image), compared by resolved path; null when it is not in the chain.
     */
    private static BlockNode findInChain(ImgEnv env, BlockNode oldBacking, String path) {
        java.nio.file.Path want = canonical(env, path);
        for (BlockNode n = oldBacking; n != null; n = n.backing()) {
            String f = n.filename();
            if (f != null && !f.startsWith("json:") && canonical(env, f).equals(want)) {
                return n;
            }
        }
        return null;
    }

    private static java.nio.file.Path canonical(ImgEnv env, String f) {
        java.nio.file.Path p = env.ctx().resolve(f).normalize();
        try {
            return p.toRealPath();
        } catch (java.io.IOException | RuntimeException e) {
            return p;
        }
    }

    /** Reads n bytes (fewer if the backing file ends earlier) or zeroes past its end; returns n. */
    private static long fill(BlockNode backing, long backingSize, long offset, long n, ByteBuffer buf)
            throws BlockException {
        if (backing == null || offset >= backingSize) {
            buf.clear();
            for (int i = 0; i < n; i++) {
                buf.put(i, (byte) 0);
            }
            return n;
        }
        if (offset + n > backingSize) {
            n = backingSize - offset;
        }
        ImgCompare.read(backing, offset, buf, (int) n);
        return n;
    }

    /** compare_buffers(): whether the first sector differs, and how many bytes share that answer. */
    static boolean differ(ByteBuffer a, ByteBuffer b, int from, int bytes, long[] pnum) {
        int i = Math.min(bytes, SECTOR);
        boolean res = a.slice(from, i).mismatch(b.slice(from, i)) >= 0;
        while (i < bytes) {
            int len = Math.min(bytes - i, SECTOR);
            if ((a.slice(from + i, len).mismatch(b.slice(from + i, len)) >= 0) != res) {
                break;
            }
            i += len;
        }
        pnum[0] = i;
        return res;
    }
}
