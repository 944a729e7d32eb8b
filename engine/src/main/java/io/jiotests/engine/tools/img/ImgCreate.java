package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionValues;
import java.util.List;

/** {@code qemu-img create [-q] [-f fmt] [-b backing [-F fmt]] [-u] [-o options] filename [size]}. */
final class ImgCreate implements ImgTool.Command {

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":F:b:f:ho:qu", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT)));
        String fmt = "raw";
        String baseFilename = null;
        String baseFmt = null;
        String options = null;
        boolean quiet = false;
        boolean unsafe = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'F' -> baseFmt = g.optarg();
                case 'b' -> baseFilename = g.optarg();
                case 'f' -> fmt = g.optarg();
                case 'o' -> options = CreateOpts.accumulate(options, g.optarg());
                case 'q' -> quiet = true;
                case 'u' -> unsafe = true;
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                default -> ImgOptions.common(env, g, c);
            }
        }
        List<String> ops = g.operands();
        if (CreateOpts.hasHelp(options)) {
            String filename = ops.isEmpty() ? null : ops.get(0);
            return printHelp(env, fmt, filename);
        }
        if (ops.isEmpty()) {
            throw ImgError.usage("Expecting image file name");
        }
        String filename = ops.get(0);
        long size = -1;
        if (ops.size() >= 2) {
            SizeArg.Result r = SizeArg.parse(ops.get(1));
            if (r.ok() && r.hexWithSuffix()) {
                env.warn("Using a multiplier suffix on hex numbers is deprecated: " + ops.get(1));
            }
            if (r.invalid()) {
                throw ImgError.report(ImgOptions.SIZE_SUFFIX_ERROR.replace("%s", "image size"));
            }
            if (r.asLong() < 0) {
                throw ImgError.report("Invalid image size specified. Must be between 0 and 9223372036854775807.");
            }
            size = r.asLong();
        }
        if (ops.size() > 2) {
            throw ImgError.usage("Unexpected argument: " + ops.get(2));
        }
        try {
            create(env, filename, fmt, baseFilename, baseFmt, options, size, quiet, unsafe);
        } catch (ImgError e) {
            throw e.prefixed(filename + ": ");
        } catch (BlockException e) {
            throw ImgError.report(filename + ": " + e.getMessage());
        }
        return 0;
    }

    static int printHelp(ImgEnv env, String fmt, String filename) throws ImgError {
        BlockDriver drv = env.registry().find(fmt);
        if (drv == null) {
            throw ImgError.report("Unknown file format '" + fmt + "'");
        }
        if (!drv.supportsCreate()) {
            throw ImgError.report("Format driver '" + fmt + "' does not support image creation");
        }
        if (filename == null) {
            env.out().print(CreateOptionsText.help("Supported " + fmt + " options:",
                    drv.createOptions(), true));
            return 0;
        }
        BlockDriver proto = env.registry().protocolFor(filename);
        OptionSchema schema = CreateOpts.merged(drv, proto);
        env.out().print(CreateOptionsText.help("Supported options:", schema, false));
        return 0;
    }

    /** bdrv_img_create(): validation, the "Formatting" line, and the driver's create. */
    static void create(ImgEnv env, String filename, String fmt, String baseFilename, String baseFmt,
                       String options, long size, boolean quiet, boolean unsafe)
            throws ImgError, BlockException {
        BlockDriver drv = env.registry().find(fmt);
        if (drv == null) {
            throw ImgError.report("Unknown file format '" + fmt + "'");
        }
        BlockDriver proto = env.registry().protocolFor(filename);
        if (proto == null) {
            throw ImgError.report("Unknown protocol '" + filename + "'");
        }
        if (!drv.supportsCreate()) {
            throw ImgError.report("Format driver '" + fmt + "' does not support image creation");
        }
        OptionSchema schema = CreateOpts.merged(drv, proto);
        OptionValues values = new OptionValues();
        if (size >= 0) {
            values.set("size", Long.toString(size));
        }
        OptionValues user = CreateOpts.parse(options, schema, new OptionValues());
        if (size >= 0 && user.has("size")) {
            throw ImgError.report("The image size must be specified only once");
        }
        user.asMap().forEach(values::set);
        if (baseFilename != null) {
            if (!schema.contains("backing_file")) {
                throw ImgError.report("Backing file not supported for file format '" + fmt + "'");
            }
            values.set("backing_file", baseFilename);
        }
        if (baseFmt != null) {
            if (!schema.contains("backing_fmt")) {
                throw ImgError.report("Backing file format not supported for file format '" + fmt + "'");
            }
            values.set("backing_fmt", baseFmt);
        }
        String backing = values.get("backing_file");
        String backingFmt = values.get("backing_fmt");
        if (backing != null && backing.equals(filename)) {
            // qemu-img compares the names as given, before opening anything
            throw ImgError.report("Error: Trying to create an image with the same filename as the backing file");
        }
        if (backing != null && !backing.isEmpty()) {
            if (unsafe && backingFmt == null) {
                throw ImgError.report("Backing file specified without backing format");
            }
            if (!unsafe) {
                long backingSize = probeBacking(env, filename, backing, backingFmt);
                if (!values.has("size")) {
                    values.set("size", Long.toString(backingSize));
                }
            }
            // with -u the backing file is not opened at all, so it cannot supply the size
        }
        if (!values.has("size")) {
            throw ImgError.report("Image creation needs a size parameter");
        }
        if (!quiet) {
            env.out().print(CreateOptionsText.formattingLine(filename, fmt, drv.createOptions(),
                    proto.name(), proto == drv ? null : proto.createOptions(), values) + "\n");
            env.out().flush();
        }
        try {
            ImageCreator.create(env.registry(), fmt, filename, values, env.ctx().cwd());
        } catch (BlockException e) {
            if (e.errno() == Errno.EFBIG) {
                // qemu-img replaces the driver's text with this one
                String hint = values.has("cluster_size") || schemaDefault(drv, "cluster_size")
                        ? " (try using a larger cluster size)" : "";
                throw ImgError.report("The image size is too large for file format '" + fmt + "'" + hint);
            }
            throw e;
        }
    }

    private static boolean schemaDefault(BlockDriver drv, String name) {
        return drv.createOptions().find(name).map(s -> s.defaultValue() != null).orElse(false);
    }

    /** Opens the backing file to check it and learn its size (qemu-img create without -u). */
    private static long probeBacking(ImgEnv env, String filename, String backing, String backingFmt)
            throws ImgError {
        String path = BlockOpener.combine(filename, backing);
        try (BlockNode node = ImageOpener.open(env, path, backingFmt, false,
                OpenFlags.readOnly().withNoBacking(false).withNoIo(true))) {
            if (backingFmt == null) {
                throw ImgError.detectedFormat(node.driver().name());
            }
            return node.length();
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage() + "\nCould not open backing image.");
        }
    }
}
