package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * {@code qemu-img bench [-c count] [-d depth] [-f fmt] [--flush-interval=n] [-i aio] [-n]
 * [--no-drain] [-o offset] [--pattern=p] [-q] [-s size] [-S step] [-t cache] [-w] [-U] filename}.
 */
final class ImgBench implements ImgTool.Command {

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":hc:d:f:ni:o:qs:S:t:wU", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("flush-interval", true, ImgOptions.OPTION_FLUSH_INTERVAL),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("pattern", true, ImgOptions.OPTION_PATTERN),
                new GetOpt.LongOpt("no-drain", false, ImgOptions.OPTION_NO_DRAIN),
                new GetOpt.LongOpt("force-share", false, 'U')));
        long count = 75000;
        long depth = 64;
        String fmt = null;
        boolean nativeAio = false;
        long offset = 0;
        long bufSize = 4096;
        long step = 0;
        String cache = "writeback";
        boolean write = false;
        boolean forceShare = false;
        boolean imageOpts = false;
        int pattern = 0;
        long flushInterval = 0;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'c' -> count = parseInt(g.optarg(), "Invalid request count specified");
                case 'd' -> depth = parseInt(g.optarg(), "Invalid queue depth specified");
                case 'f' -> fmt = g.optarg();
                case 'n' -> nativeAio = true;
                case 'i' -> {
                    String aio = g.optarg();
                    if (!aio.equals("threads") && !aio.equals("native") && !aio.equals("io_uring")) {
                        throw ImgError.report("Invalid aio option: " + aio);
                    }
                    // like qemu's flag parsing: native sets the flag, threads and io_uring never clear it
                    nativeAio |= aio.equals("native");
                }
                case 'o' -> offset = ImgOptions.size(env, g.optarg(), "offset");
                case 'q' -> {
                    // qemu-img bench prints its lines regardless
                }
                case 's' -> bufSize = intSize(env, g.optarg(), "buffer size");
                case 'S' -> step = intSize(env, g.optarg(), "step_size");
                case 't' -> {
                    // like qemu-img bench: checked while parsing, with its own text
                    cache = g.optarg();
                    try {
                        CacheMode.parse(cache);
                    } catch (BlockException e) {
                        throw ImgError.report("Invalid cache mode");
                    }
                }
                case 'w' -> write = true;
                case 'U' -> forceShare = true;
                case ImgOptions.OPTION_FLUSH_INTERVAL -> flushInterval = parseInt(g.optarg(),
                        "Invalid flush interval specified");
                case ImgOptions.OPTION_PATTERN -> {
                    long v = parseInt(g.optarg(), "Invalid pattern byte specified");
                    if (v > 0xff) {
                        throw ImgError.report("Invalid pattern byte specified");
                    }
                    pattern = (int) v;
                }
                case ImgOptions.OPTION_NO_DRAIN -> {
                    // requests are issued in order; draining makes no difference to the result
                }
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                default -> ImgOptions.common(env, g, c);
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 1) {
            throw ImgError.usage("Expecting one image file name");
        }
        if (flushInterval > 0 && !write) {
            throw ImgError.report("--flush-interval is only available in write tests");
        }
        if (flushInterval > 0 && flushInterval < depth) {
            throw ImgError.report("Flush interval can't be smaller than depth");
        }
        CacheMode cacheMode = ImgOptions.cache(cache, false);
        String filename = ops.get(0);
        OpenFlags flags = (write ? OpenFlags.readWrite() : OpenFlags.readOnly()).withCache(cacheMode)
                .withForceShare(forceShare);
        if (nativeAio && !cacheMode.direct()) {
            throw ImgError.report("Could not open '" + filename + "': aio=native was specified, but it requires "
                    + "cache.direct=on, which was not specified.");
        }
        if (step == 0) {
            step = bufSize;
        }
        try (BlockNode node = ImageOpener.openOrFail(env, filename, fmt, imageOpts, flags)) {
            long size = node.length();
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("Sending %d %s requests, %d bytes each, %d in parallel (starting at offset %d, "
                    + "step size %d)\n", count, write ? "write" : "read", bufSize, depth, offset, step));
            if (flushInterval > 0) {
                sb.append("Sending flush every ").append(flushInterval).append(" requests\n");
            }
            env.out().print(sb);
            env.out().flush();
            // direct and page-aligned buffers (qemu_blockalign): the qcow2 and file layers pass
            // them to the kernel as they are; depth requests in flight on as many threads. The
            // run time ends with the last request, as qemu-img's does (its flush comes with closing the image)
            long nanos = new BenchQueue(node, write, pattern, (int) bufSize, offset, step, size)
                    .run(count, depth, flushInterval);
            double secs = nanos / 1e9;
            if (write) {
                node.flush();
            }
            env.out().print(String.format(Locale.ROOT, "Run completed in %3.3f seconds.\n", secs));
            return 0;
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
    }

    private static long parseInt(String s, String error) throws ImgError {
        Long v = parseCLong(s);
        if (v == null || v < 0 || v > Integer.MAX_VALUE) {
            throw ImgError.report(error);
        }
        return v;
    }

    /**
     * A whole number as C's strtol with base 0 reads it: leading white space, an optional sign,
     * then hexadecimal after "0x", octal after a leading 0, decimal otherwise; nothing may follow.
     * Null when the text is not such a number or does not fit in a long.
     */
    static Long parseCLong(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            radix = 16;
            i += 2;
        } else if (i < n && s.charAt(i) == '0') {
            radix = 8;
        }
        if (i >= n) {
            return null;
        }
        try {
            long v = Long.parseLong(s.substring(i), radix);
            if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                return null;
            }
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long intSize(ImgEnv env, String s, String what) throws ImgError {
        SizeArg.Result r = SizeArg.parse(s);
        if (r.invalid()) {
            throw ImgError.report(ImgOptions.SIZE_SUFFIX_ERROR.replace("%s", what));
        }
        long v = r.asLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw ImgError.report("Invalid " + what + " specified. Must be between 0 and 2147483647.");
        }
        return v;
    }
}
