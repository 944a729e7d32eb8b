package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionValues;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code qemu-img convert}: option parsing and validation in qemu-img's order, creation of the
 * target, then the copy itself ({@link ConvertCopier}).
 */
final class ImgConvert implements ImgTool.Command {

    /** Everything the copy needs to know from the command line. */
    record Settings(boolean compress, boolean progress, boolean quiet, boolean noCreate, long minSparse,
                    int coroutines, boolean outOfOrder, boolean targetIsZero, boolean targetHasBacking,
                    CacheMode cache, CacheMode srcCache, long rateLimit) {
    }

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":hf:O:B:CcF:o:l:S:pt:T:qnm:WUr:", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("force-share", false, 'U'),
                new GetOpt.LongOpt("target-image-opts", false, ImgOptions.OPTION_TARGET_IMAGE_OPTS),
                new GetOpt.LongOpt("salvage", false, ImgOptions.OPTION_SALVAGE),
                new GetOpt.LongOpt("target-is-zero", false, ImgOptions.OPTION_TARGET_IS_ZERO),
                new GetOpt.LongOpt("bitmaps", false, ImgOptions.OPTION_BITMAPS),
                new GetOpt.LongOpt("skip-broken-bitmaps", false, ImgOptions.OPTION_SKIP_BROKEN)));
        String fmt = null;
        String outFmt = null;
        String outBacking = null;
        String backingFmt = null;
        String options = null;
        SnapshotParam snapshot = null;
        String cache = "unsafe";
        String srcCache = "writeback";
        boolean compress = false;
        boolean progress = false;
        boolean quiet = false;
        boolean noCreate = false;
        boolean outOfOrder = false;
        boolean imageOpts = false;
        boolean targetImageOpts = false;
        boolean targetIsZero = false;
        boolean forceShare = false;
        boolean bitmaps = false;
        boolean skipBroken = false;
        boolean copyRange = false;
        boolean explicitMinSparse = false;
        boolean salvage = false;
        long minSparse = 8 * 512;
        int coroutines = 8;
        long rateLimit = 0;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'f' -> fmt = g.optarg();
                case 'O' -> outFmt = g.optarg();
                case 'B' -> outBacking = g.optarg();
                case 'F' -> backingFmt = g.optarg();
                case 'C' -> copyRange = true; // the copy itself is a plain read/write loop either way
                case 'c' -> compress = true;
                case 'o' -> options = CreateOpts.accumulate(options, g.optarg());
                case 'l' -> snapshot = SnapshotParam.parse(env, g.optarg());
                case 'S' -> {
                    long sval = ImgOptions.size(env, g.optarg(), "buffer size for sparse output");
                    if (sval % 512 != 0 || sval > 32768L * 512) {
                        throw ImgError.report("Invalid buffer size for sparse output specified. Valid sizes "
                                + "are multiples of 512 up to 16777216. Select 0 to disable sparse "
                                + "detection (fully allocates output).");
                    }
                    minSparse = sval;
                    explicitMinSparse = true;
                }
                case 'p' -> progress = true;
                case 't' -> cache = g.optarg();
                case 'T' -> srcCache = g.optarg();
                case 'q' -> quiet = true;
                case 'n' -> noCreate = true;
                case 'm' -> {
                    Long m = parseInt(g.optarg());
                    if (m == null || m < 1 || m > 16) {
                        throw ImgError.report("Invalid number of coroutines. Allowed number of coroutines is "
                                + "between 1 and 16");
                    }
                    coroutines = m.intValue();
                }
                case 'W' -> outOfOrder = true;
                case 'U' -> forceShare = true;
                case 'r' -> rateLimit = ImgOptions.size(env, g.optarg(), "rate limit");
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                case ImgOptions.OPTION_TARGET_IMAGE_OPTS -> targetImageOpts = true;
                case ImgOptions.OPTION_SALVAGE -> salvage = true; // read errors stay fatal here
                case ImgOptions.OPTION_TARGET_IS_ZERO -> targetIsZero = true;
                case ImgOptions.OPTION_BITMAPS -> bitmaps = true;
                case ImgOptions.OPTION_SKIP_BROKEN -> skipBroken = true;
                default -> ImgOptions.common(env, g, c);
            }
        }
        if (skipBroken && !bitmaps) {
            throw ImgError.report("Use of --skip-broken-bitmaps requires --bitmaps");
        }
        if (outFmt == null && !targetImageOpts) {
            outFmt = "raw";
        }
        if (quiet) {
            progress = false;
        }
        validateCombination(skipBroken, bitmaps, compress, copyRange, explicitMinSparse, salvage,
                targetImageOpts, noCreate, options, targetIsZero);
        List<String> ops = g.operands();
        int nSources = ops.size() - 1;
        if (CreateOpts.hasHelp(options)) {
            return ImgCreate.printHelp(env, outFmt, ops.size() >= 2 ? ops.get(ops.size() - 1) : null);
        }
        if (nSources < 1) {
            throw ImgError.report("Must specify image file name");
        }
        if (nSources > 1 && outBacking != null) {
            throw ImgError.report("-B makes no sense when concatenating multiple input images");
        }
        if (outBacking == null && backingFmt != null) {
            throw ImgError.report("The -F option requires the -B option");
        }
        CacheMode srcCacheMode = ImgOptions.cache(srcCache, true);
        String outFilename = ops.get(ops.size() - 1);

        List<BlockNode> sources = new ArrayList<>();
        try {
            OpenFlags srcFlags = OpenFlags.readOnly().withCache(srcCacheMode).withForceShare(forceShare)
                    .withNoShare(true); // nobody may write the sources while they are copied
            for (int i = 0; i < nSources; i++) {
                sources.add(ImageOpener.openOrFail(env, ops.get(i), fmt, imageOpts, srcFlags));
            }
            if (snapshot != null) {
                snapshot.load(sources.get(0));
            }
            if (bitmaps) {
                ConvertBitmaps.checkSources(sources, skipBroken);
            }
            long total = 0;
            for (BlockNode n : sources) {
                total += ImageInfoData.sectorLength(n);
            }
            if (!noCreate) {
                createTarget(env, outFilename, outFmt, options, outBacking, backingFmt, compress, total);
            }
            CacheMode cacheMode = ImgOptions.cache(cache, false);
            Settings s = new Settings(compress, progress, quiet, noCreate, minSparse, coroutines, outOfOrder,
                    targetIsZero, outBacking != null, cacheMode, srcCacheMode, rateLimit);
            // qemu-img convert opens its target with discard=unmap unless -S 0 asks for a fully allocated
            // output: zero writes may then free a qcow2 target's clusters (convert -n onto old data)
            OpenFlags outFlags = OpenFlags.readWrite().withCache(cacheMode).withNoBacking(outBacking == null)
                    .withUnmap(minSparse != 0);
            java.util.Map<String, String> secrets = targetImageOpts ? java.util.Map.of() : keySecrets(options);
            try (BlockNode target = secrets.isEmpty()
                    ? ImageOpener.openOrFail(env, outFilename, outFmt, targetImageOpts, outFlags)
                    : ImageOpener.openWith(env, outFilename, outFmt, secrets, outFlags)) {
                if (noCreate && compress && target.driver().name().equals("raw")) {
                    throw ImgError.report("Compression not supported for this file format");
                }
                if (bitmaps) {
                    ConvertBitmaps.checkTarget(target);
                }
                if (!s.compress() && target.needsCompressedWrites()) {
                    // bdrv_get_info's needs_compressed_writes (vmdk streamOptimized): convert compresses
                    s = new Settings(true, progress, quiet, noCreate, minSparse, coroutines, outOfOrder,
                            targetIsZero, outBacking != null, cacheMode, srcCacheMode, rateLimit);
                }
                int rc = new ConvertCopier(env, sources, target, total, s).run(outFilename);
                if (rc == 0 && bitmaps) {
                    ConvertBitmaps.copy(env, sources.get(0), target, skipBroken);
                }
                return rc;
            }
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        } finally {
            for (BlockNode n : sources) {
                try {
                    n.close();
                } catch (BlockException e) {
                    env.report(e.getMessage());
                }
            }
        }
    }

    /** qemu-img convert's checks of option combinations, in its order. */
    static void validateCombination(boolean skipBroken, boolean bitmaps, boolean compress, boolean copyRange,
                                    boolean explicitMinSparse, boolean salvage, boolean targetImageOpts,
                                    boolean noCreate, String options, boolean targetIsZero) throws ImgError {
        if (skipBroken && !bitmaps) {
            throw ImgError.report("Use of --skip-broken-bitmaps requires --bitmaps");
        }
        if (compress && copyRange) {
            throw ImgError.report("Cannot enable copy offloading when -c is used");
        }
        if (explicitMinSparse && copyRange) {
            throw ImgError.report("Cannot enable copy offloading when -S is used");
        }
        if (copyRange && salvage) {
            throw ImgError.report("Cannot use copy offloading in salvaging mode");
        }
        if (targetImageOpts && !noCreate) {
            throw ImgError.report("--target-image-opts requires use of -n flag");
        }
        if (noCreate && options != null) {
            throw ImgError.report("-o has no effect when skipping image creation");
        }
        if (targetIsZero && !noCreate) {
            throw ImgError.report("--target-is-zero requires use of -n flag");
        }
    }

    /** The key-secret / encrypt.key-secret of the create options, which qemu-img also opens the target with. */
    private static java.util.Map<String, String> keySecrets(String options) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        if (options == null) {
            return m;
        }
        try {
            io.jiotests.engine.block.OptionValues v = io.jiotests.engine.block.OptionValues.parse(options,
                    new io.jiotests.engine.block.OptionValues());
            for (String k : java.util.List.of("key-secret", "encrypt.key-secret")) {
                if (v.has(k)) {
                    m.put(k, v.get(k));
                }
            }
        } catch (io.jiotests.engine.block.BlockException e) {
            return m; // the create has reported bad options already
        }
        return m;
    }

    private static void createTarget(ImgEnv env, String outFilename, String outFmt, String options,
                                     String outBacking, String backingFmt, boolean compress, long total)
            throws ImgError {
        BlockDriver drv = env.registry().find(outFmt);
        if (drv == null) {
            throw ImgError.report("Unknown file format '" + outFmt + "'");
        }
        BlockDriver proto = env.registry().protocolFor(outFilename);
        if (proto == null) {
            throw ImgError.report("Unknown protocol '" + outFilename + "'");
        }
        if (!drv.supportsCreate()) {
            throw ImgError.report("Format driver '" + outFmt + "' does not support image creation");
        }
        OptionSchema schema = CreateOpts.merged(drv, proto);
        OptionValues values;
        try {
            values = CreateOpts.parse(options, schema, new OptionValues());
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
        values.set("size", Long.toString(total));
        if (outBacking != null) {
            if (!schema.contains("backing_file")) {
                throw ImgError.report("Backing file not supported for file format '" + outFmt + "'");
            }
            values.set("backing_file", outBacking);
            if (backingFmt != null) {
                values.set("backing_fmt", backingFmt);
            }
        }
        if (values.has("backing_file") && !values.has("backing_fmt")) {
            throw ImgError.report("Use of backing file requires explicit backing format");
        }
        if (compress && !outFmt.equals("qcow2") && !outFmt.equals("qcow") && !outFmt.equals("vmdk")) {
            throw ImgError.report("Compression not supported for this file format");
        }
        try {
            ImageCreator.create(env.registry(), outFmt, outFilename, values, env.ctx().cwd());
        } catch (BlockException e) {
            throw ImgError.report(outFilename + ": error while converting " + outFmt + ": " + e.getMessage());
        }
    }

    private static Long parseInt(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
