package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@code qemu-img compare [-f fmt] [-F fmt] [-T cache] [-p] [-q] [-s] [-U] file1 file2}. Exit codes:
 * 0 identical, 1 different, 2 open error, 3 block status error, 4 read error.
 */
final class ImgCompare implements ImgTool.Command {
    private static final int IO_BUF_SIZE = 2 << 20;
    private static final int SECTOR = 512;

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":hf:F:T:pqsU", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("force-share", false, 'U')));
        String fmt1 = null;
        String fmt2 = null;
        String cache = null;
        boolean progress = false;
        boolean quiet = false;
        boolean strict = false;
        boolean imageOpts = false;
        boolean forceShare = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'f' -> fmt1 = g.optarg();
                case 'F' -> fmt2 = g.optarg();
                case 'T' -> cache = g.optarg();
                case 'p' -> progress = true;
                case 'q' -> quiet = true;
                case 's' -> strict = true;
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
        if (ops.size() != 2) {
            throw ImgError.usage("Expecting two image file names");
        }
        CacheMode cacheMode = CacheMode.WRITEBACK;
        if (cache != null) {
            try {
                cacheMode = ImgOptions.cache(cache, true);
            } catch (ImgError e) {
                env.report(e.getMessage());
                return 2;
            }
        }
        OpenFlags flags = OpenFlags.readOnly().withCache(cacheMode).withForceShare(forceShare);
        BlockNode a;
        try {
            a = ImageOpener.openOrFail(env, ops.get(0), fmt1, imageOpts, flags);
        } catch (ImgError e) {
            env.report(e.getMessage());
            return 2;
        }
        try (a) {
            BlockNode b;
            try {
                b = ImageOpener.openOrFail(env, ops.get(1), fmt2, imageOpts, flags);
            } catch (ImgError e) {
                env.report(e.getMessage());
                return 2;
            }
            try (b) {
                Progress p = new Progress(env.out(), progress, 2.0f);
                p.print(0);
                int rc = compare(env, a, b, ops.get(0), ops.get(1), strict, quiet, p);
                p.end();
                return rc;
            }
        }
    }

    private int compare(ImgEnv env, BlockNode a, BlockNode b, String name1, String name2, boolean strict,
                        boolean quiet, Progress p) throws BlockException {
        long size1 = ImageInfoData.sectorLength(a);
        long size2 = ImageInfoData.sectorLength(b);
        if (size1 != size2 && strict) {
            say(env, quiet, "Strict mode: Image size mismatch!\n");
            return 1;
        }
        ByteBuffer buf1 = ReadAhead.alignedBuffer(IO_BUF_SIZE);
        ByteBuffer buf2 = ReadAhead.alignedBuffer(IO_BUF_SIZE);
        try (SecondReader second = new SecondReader()) {
            return compareRange(env, a, b, name1, name2, strict, quiet, p, size1, size2, buf1, buf2, second);
        }
    }

    /** Chunks from this size on are split in two halves, read and compared on two threads. */
    private static final int SPLIT_MIN = 64 * 1024;

    /**
     * One part of a chunk read from both images and compared: the read errors and the guest
     * offset of the first differing sector, or -1 when the part is the same in both.
     */
    private record Half(BlockException err1, BlockException err2, long mismatch) {
        static final Half NONE = new Half(null, null, -1);

        /** Reads {@code [offset, offset + p1.capacity())} of both images into p1 and p2 and compares them. */
        static Half of(BlockNode a, BlockNode b, long offset, ByteBuffer p1, ByteBuffer p2) {
            int n = p1.capacity();
            if (n == 0) {
                return NONE;
            }
            BlockException e1 = null;
            BlockException e2 = null;
            try {
                read(a, offset, p1, n);
            } catch (BlockException e) {
                e1 = e;
            }
            try {
                read(b, offset, p2, n);
            } catch (BlockException e) {
                e2 = e;
            }
            if (e1 != null || e2 != null) {
                return new Half(e1, e2, -1);
            }
            int same = identicalSectors(p1, p2, n);
            return new Half(null, null, same < n ? offset + same : -1);
        }
    }

    /**
     * A second thread for the other half of every chunk: the copies from the page cache and the
     * comparisons of both halves run on two cores at once.
     */
    private static final class SecondReader implements AutoCloseable {
        private final java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "compare-read");
                    t.setDaemon(true);
                    return t;
                });

        <T> java.util.concurrent.Future<T> start(java.util.concurrent.Callable<T> task) {
            return pool.submit(task);
        }

        static Half await(java.util.concurrent.Future<Half> f) {
            try {
                return f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                BlockException eio = new BlockException(io.jiotests.engine.block.Errno.EIO);
                return new Half(eio, null, -1);
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    private int compareRange(ImgEnv env, BlockNode a, BlockNode b, String name1, String name2, boolean strict,
                             boolean quiet, Progress p, long size1, long size2, ByteBuffer buf1, ByteBuffer buf2,
                             SecondReader second) throws BlockException {
        long common = Math.min(size1, size2);
        long total = Math.max(size1, size2);
        long offset = 0;
        while (offset < common) {
            BlockStatus s1;
            BlockStatus s2;
            try {
                s1 = statusAbove(a, offset, size1 - offset);
            } catch (BlockException e) {
                env.report("Sector allocation test failed for " + name1);
                return 3;
            }
            try {
                s2 = statusAbove(b, offset, size2 - offset);
            } catch (BlockException e) {
                env.report("Sector allocation test failed for " + name2);
                return 3;
            }
            long chunk = Math.min(Math.min(s1.bytes(), s2.bytes()), common - offset);
            int f1 = s1.flags() & ~BlockStatus.EOF;
            int f2 = s2.flags() & ~BlockStatus.EOF;
            boolean alloc1 = (s1.flags() & BlockStatus.ALLOCATED) != 0;
            boolean alloc2 = (s2.flags() & BlockStatus.ALLOCATED) != 0;
            if (strict && s1.flags() != s2.flags()) {
                say(env, quiet, "Strict mode: Offset " + offset + " block status mismatch!\n");
                return 1;
            }
            if ((f1 & BlockStatus.ZERO) != 0 && (f2 & BlockStatus.ZERO) != 0) {
                // both read as zeroes
            } else if (alloc1 == alloc2) {
                if (alloc1) {
                    chunk = Math.min(chunk, IO_BUF_SIZE);
                    int n = (int) chunk;
                    // the second half is read and compared on the other thread meanwhile
                    int h = n >= 2 * SPLIT_MIN ? (n / 2) & ~(SECTOR - 1) : n;
                    long at = offset;
                    buf1.clear(); // slices are taken within the limit, which a previous read moved
                    buf2.clear();
                    java.util.concurrent.Future<Half> back = h == n ? null
                            : second.start(() -> Half.of(a, b, at + h, buf1.slice(h, n - h), buf2.slice(h, n - h)));
                    Half front = Half.of(a, b, at, buf1.slice(0, h), buf2.slice(0, h));
                    Half rest = back == null ? Half.NONE : SecondReader.await(back);
                    BlockException err1 = front.err1() != null ? front.err1() : rest.err1();
                    BlockException err2 = front.err2() != null ? front.err2() : rest.err2();
                    if (err1 != null) {
                        env.report("Error while reading offset " + offset + " of " + name1 + ": "
                                + err1.errno().text());
                        return 4;
                    }
                    if (err2 != null) {
                        env.report("Error while reading offset " + offset + " of " + name2 + ": "
                                + err2.errno().text());
                        return 4;
                    }
                    long mismatch = front.mismatch() >= 0 ? front.mismatch() : rest.mismatch();
                    if (mismatch >= 0) {
                        say(env, quiet, "Content mismatch at offset " + mismatch + "!\n");
                        return 1;
                    }
                }
            } else {
                chunk = Math.min(chunk, IO_BUF_SIZE);
                BlockNode node = alloc1 ? a : b;
                String name = alloc1 ? name1 : name2;
                int rc = checkEmpty(env, node, name, offset, (int) chunk, buf1, quiet);
                if (rc != 0) {
                    return rc;
                }
            }
            offset += chunk;
            p.print(Progress.percent(chunk, total));
        }
        if (size1 != size2) {
            say(env, quiet, "Warning: Image size mismatch!\n");
            BlockNode longer = size1 > size2 ? a : b;
            String name = size1 > size2 ? name1 : name2;
            while (offset < total) {
                BlockStatus s;
                try {
                    s = statusAbove(longer, offset, total - offset);
                } catch (BlockException e) {
                    env.report("Sector allocation test failed for " + name);
                    return 3;
                }
                long chunk = Math.min(s.bytes(), total - offset);
                if ((s.flags() & BlockStatus.ALLOCATED) != 0 && (s.flags() & BlockStatus.ZERO) == 0) {
                    chunk = Math.min(chunk, IO_BUF_SIZE);
                    int rc = checkEmpty(env, longer, name, offset, (int) chunk, buf1, quiet);
                    if (rc != 0) {
                        return rc;
                    }
                }
                offset += chunk;
                p.print(Progress.percent(chunk, total));
            }
        }
        say(env, quiet, "Images are identical.\n");
        return 0;
    }

    /** bdrv_block_status_above(bs, NULL, ...): the status of the first layer that is allocated. */
    static BlockStatus statusAbove(BlockNode top, long offset, long bytes) throws BlockException {
        ChainStatus.Extent e = ChainStatus.above(top, offset, bytes);
        int flags = e.flags();
        return new BlockStatus(flags, Math.max(1, e.bytes()), e.mapOffset(), e.file());
    }

    private int checkEmpty(ImgEnv env, BlockNode node, String name, long offset, int n, ByteBuffer buf,
                           boolean quiet) {
        try {
            read(node, offset, buf, n);
        } catch (BlockException e) {
            env.report("Error while reading offset " + offset + " of " + name + ": " + e.errno().text());
            return 4;
        }
        int sectors = (n + SECTOR - 1) / SECTOR;
        int zero = ZeroDetect.zeroSectors(buf, 0, sectors);
        if (zero < sectors) {
            long at = offset + (long) zero * SECTOR;
            say(env, quiet, "Content mismatch at offset " + at + "!\n");
            return 1;
        }
        return 0;
    }

    static void read(BlockNode node, long offset, ByteBuffer buf, int n) throws BlockException {
        buf.clear().limit(n);
        node.pread(offset, buf);
        buf.flip();
    }

    /**
     * The number of bytes, in whole 512-byte sectors, that are equal at the start. Compared in
     * windows of {@link #MISMATCH_WINDOW}: the JDK's vectorised mismatch is a C1 intrinsic only
     * where its caller is compiled, and a caller called once per megabyte stays interpreted for
     * hundreds of calls, running the plain loop at a quarter of the speed (measured: 5 against
     * 22 GB/s on 2 MiB buffers); this loop's window calls get the callers compiled within a few
     * chunks.
     */
    static int identicalSectors(ByteBuffer a, ByteBuffer b, int n) {
        for (int off = 0; off < n; off += MISMATCH_WINDOW) {
            int len = Math.min(MISMATCH_WINDOW, n - off);
            int mismatch = a.slice(off, len).mismatch(b.slice(off, len));
            if (mismatch >= 0) {
                return ((off + mismatch) / SECTOR) * SECTOR;
            }
        }
        return n;
    }

    static final int MISMATCH_WINDOW = 64 * 1024;

    private static void say(ImgEnv env, boolean quiet, String text) {
        if (!quiet) {
            env.out().print(text);
        }
    }
}
