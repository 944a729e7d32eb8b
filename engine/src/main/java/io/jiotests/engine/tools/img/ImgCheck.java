package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code qemu-img check [-q] [-f fmt] [--output=ofmt] [-r leaks|all] [-T cache] [-U] filename}.
 * Exit codes: 0 clean, 1 check errors, 2 corruptions, 3 leaks, 63 unsupported.
 */
final class ImgCheck implements ImgTool.Command {

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":hf:r:T:qU", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("format", true, 'f'),
                new GetOpt.LongOpt("repair", true, 'r'),
                new GetOpt.LongOpt("output", true, ImgOptions.OPTION_OUTPUT),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("force-share", false, 'U')));
        String fmt = null;
        String output = null;
        String cache = null;
        CheckMode mode = CheckMode.NONE;
        boolean quiet = false;
        boolean imageOpts = false;
        boolean forceShare = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'f' -> fmt = g.optarg();
                case 'r' -> mode = switch (g.optarg()) {
                    case "leaks" -> CheckMode.LEAKS;
                    case "all" -> CheckMode.ALL;
                    default -> throw ImgError.usage(
                            "Unknown option value for -r (expecting 'leaks' or 'all'): " + g.optarg());
                };
                case 'T' -> cache = g.optarg();
                case 'q' -> quiet = true;
                case 'U' -> forceShare = true;
                case ImgOptions.OPTION_OUTPUT -> output = g.optarg();
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                default -> ImgOptions.common(env, g, c);
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 1) {
            throw ImgError.usage("Expecting one image file name");
        }
        String filename = ops.get(0);
        boolean json = output != null && ImgOptions.outputJson(output);
        CacheMode cacheMode = cache == null ? CacheMode.WRITEBACK : ImgOptions.cache(cache, true);
        OpenFlags flags = OpenFlags.readOnly().withWritable(mode != CheckMode.NONE).withCheckOnly(true)
                .withCache(cacheMode).withForceShare(forceShare);
        try (BlockNode node = ImageOpener.openOrFail(env, filename, fmt, imageOpts, flags)) {
            return check(env, node, filename, mode, json, quiet);
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
    }

    private int check(ImgEnv env, BlockNode node, String filename, CheckMode mode, boolean json, boolean quiet)
            throws ImgError, BlockException {
        ByteArrayOutputStream reportBytes = new SpillingReport(env);
        PrintStream report = new PrintStream(reportBytes, true, StandardCharsets.UTF_8);
        CheckResult r;
        CheckResult fixed = null;
        try {
            r = node.check(mode, report);
            if (mode != CheckMode.NONE && (r.corruptionsFixed() > 0 || r.leaksFixed() > 0)) {
                fixed = r;
                report.flush();
                flushReport(env, reportBytes, quiet);
                r = node.check(CheckMode.NONE, report);
            }
        } catch (BlockException e) {
            flushReport(env, reportBytes, quiet);
            if (e.errno() == Errno.ENOTSUP) {
                env.report("This image format does not support checks");
                return 63;
            }
            if (e.getMessage() != null && e.getMessage().startsWith("ERROR ")) {
                env.report(e.getMessage()); // why a refcount rebuild failed (QEMU's error_report_err)
            }
            env.report("Check failed: " + e.errno().text());
            return 1;
        }
        report.flush();
        flushReport(env, reportBytes, quiet);
        long corruptionsFixed = fixed != null ? fixed.corruptionsFixed() : r.corruptionsFixed();
        long leaksFixed = fixed != null ? fixed.leaksFixed() : r.leaksFixed();
        if (!quiet || json) {
            if (json) {
                env.out().print(QJson.pretty(toJson(filename, node.driver().name(), r, corruptionsFixed,
                        leaksFixed)) + "\n");
            } else if (!quiet) {
                env.out().print(human(r, corruptionsFixed, leaksFixed));
            }
        }
        if (r.checkErrors() > 0) {
            return 1;
        }
        if (r.corruptions() > 0) {
            return 2;
        }
        if (r.leaks() > 0) {
            return 3;
        }
        return 0;
    }

    /**
     * The report buffer: passed on to stderr whenever it exceeds 1 MiB, so that a check printing
     * millions of lines (a hostile VDI whose block map names block 0 half a billion times) never
     * holds them all in memory. Nothing goes to stdout while the check runs, so the order holds.
     */
    private static final class SpillingReport extends ByteArrayOutputStream {
        private static final int LIMIT = 1 << 20;
        private final ImgEnv env;

        SpillingReport(ImgEnv env) {
            this.env = env;
        }

        @Override
        public synchronized void write(int b) {
            super.write(b);
            spillIfFull();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            spillIfFull();
        }

        private void spillIfFull() {
            if (count > LIMIT) {
                env.out().flush();
                env.err().write(buf, 0, count);
                reset();
            }
        }
    }

    /** The driver's per-problem lines go to stderr, as QEMU's fprintf(stderr, ...) in the check. */
    private static void flushReport(ImgEnv env, ByteArrayOutputStream bytes, boolean quiet) {
        if (bytes.size() > 0) {
            env.out().flush();
            env.err().print(bytes.toString(StandardCharsets.UTF_8));
            env.err().flush();
            bytes.reset();
        }
    }

    static Map<String, Object> toJson(String filename, String format, CheckResult r, long corrFixed,
                                      long leaksFixed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filename", filename);
        m.put("format", format);
        m.put("check-errors", r.checkErrors());
        putNonZero(m, "image-end-offset", r.imageEndOffset());
        putNonZero(m, "corruptions", r.corruptions());
        putNonZero(m, "leaks", r.leaks());
        putNonZero(m, "corruptions-fixed", corrFixed);
        putNonZero(m, "leaks-fixed", leaksFixed);
        putNonZero(m, "total-clusters", r.totalClusters());
        putNonZero(m, "allocated-clusters", r.allocatedClusters());
        putNonZero(m, "fragmented-clusters", r.fragmentedClusters());
        putNonZero(m, "compressed-clusters", r.compressedClusters());
        return m;
    }

    private static void putNonZero(Map<String, Object> m, String key, long v) {
        if (v != 0) {
            m.put(key, v);
        }
    }

    static String human(CheckResult r, long corrFixed, long leaksFixed) {
        StringBuilder sb = new StringBuilder();
        if (corrFixed > 0 || leaksFixed > 0) {
            sb.append("The following inconsistencies were found and repaired:\n\n")
                    .append("    ").append(leaksFixed).append(" leaked clusters\n")
                    .append("    ").append(corrFixed).append(" corruptions\n\n")
                    .append("Double checking the fixed image now...\n");
        }
        if (r.corruptions() == 0 && r.leaks() == 0 && r.checkErrors() == 0) {
            sb.append("No errors were found on the image.\n");
        } else {
            if (r.corruptions() > 0) {
                sb.append('\n').append(r.corruptions()).append(" errors were found on the image.\n")
                        .append("Data may be corrupted, or further writes to the image may corrupt it.\n");
            }
            if (r.leaks() > 0) {
                sb.append('\n').append(r.leaks()).append(" leaked clusters were found on the image.\n")
                        .append("This means waste of disk space, but no harm to data.\n");
            }
            if (r.checkErrors() > 0) {
                sb.append('\n').append(r.checkErrors()).append(" internal errors have occurred during the check.\n");
            }
        }
        if (r.totalClusters() != 0 && r.allocatedClusters() != 0) {
            double total = r.totalClusters();
            // appended, not String.format: its %d looks up the locale's digits (the locale
            // providers' class loading was ~18 % of a check run's main thread)
            sb.append(r.allocatedClusters()).append('/').append(r.totalClusters()).append(" = ")
                    .append(percent(r.allocatedClusters() * 100.0 / total)).append("% allocated, ")
                    .append(percent(r.fragmentedClusters() * 100.0 / r.allocatedClusters())).append("% fragmented, ")
                    .append(percent(r.compressedClusters() * 100.0 / r.allocatedClusters()))
                    .append("% compressed clusters\n");
        }
        if (r.imageEndOffset() > 0) {
            sb.append("Image end offset: ").append(r.imageEndOffset()).append('\n');
        }
        return sb.toString();
    }

    /**
     * printf's "%.2f": the exact binary value rounded half to even (3.125 prints as 3.12, where
     * Java's formatter rounds half up), in long arithmetic for the values check prints (BigDecimal's
     * class initialisation computes big powers of ten: ~25 % of a check run's main thread).
     */
    static String percent(double v) {
        if (!(v >= 0 && v < 1e15)) {
            return new java.math.BigDecimal(v).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
        }
        long hundredths = hundredths(v);
        long frac = hundredths % 100;
        return (hundredths / 100) + (frac < 10 ? ".0" : ".") + frac;
    }

    /** round-half-even(v * 100) of the exact binary value of {@code v} (0 <= v < 1e15). */
    static long hundredths(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int exp = (int) ((bits >>> 52) & 0x7ff);
        long m = bits & ((1L << 52) - 1);
        if (exp == 0) {
            exp = 1; // subnormal
        } else {
            m |= 1L << 52;
        }
        int e = exp - 1075; // v = m * 2^e exactly
        long p = m * 100; // below 2^60
        if (e >= 0) {
            return p << e; // v < 1e15: m * 2^e < 2^50
        }
        int shift = -e;
        if (shift >= 62) {
            return 0; // p / 2^62 < 0.25
        }
        long n = p >>> shift;
        long rem = p & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        if (rem > half || (rem == half && (n & 1) != 0)) {
            n++;
        }
        return n;
    }
}
