package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import java.util.Arrays;
import java.util.List;

/** {@code qemu-img resize [-f fmt] [--preallocation=mode] [-q] [--shrink] filename [+|-]size}. */
final class ImgResize implements ImgTool.Command {

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        if (argv.length < 3) {
            throw ImgError.usage("Expecting image file name and size");
        }
        // the size is taken off before getopt so that "-1G" is not an option
        String sizeArg = argv[argv.length - 1];
        String[] args = Arrays.copyOf(argv, argv.length - 1);
        GetOpt g = new GetOpt(args, ":f:hq", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("preallocation", true, ImgOptions.OPTION_PREALLOCATION),
                new GetOpt.LongOpt("shrink", false, ImgOptions.OPTION_SHRINK)));
        String fmt = null;
        boolean quiet = false;
        boolean imageOpts = false;
        boolean shrink = false;
        Preallocation prealloc = Preallocation.OFF;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'f' -> fmt = g.optarg();
                case 'q' -> quiet = true;
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                case ImgOptions.OPTION_PREALLOCATION -> {
                    try {
                        prealloc = Preallocation.parse(g.optarg());
                    } catch (BlockException e) {
                        throw ImgError.report("Invalid preallocation mode '" + g.optarg() + "'");
                    }
                }
                case ImgOptions.OPTION_SHRINK -> shrink = true;
                default -> ImgOptions.common(env, g, c);
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 1) {
            throw ImgError.usage("Expecting image file name and size");
        }
        String filename = ops.get(0);
        int relative = 0;
        String sizeText = sizeArg;
        if (sizeText.startsWith("+")) {
            relative = 1;
            sizeText = sizeText.substring(1);
        } else if (sizeText.startsWith("-")) {
            relative = -1;
            sizeText = sizeText.substring(1);
        }
        SizeArg.Result r = SizeArg.parse(sizeText);
        if (r.range()) {
            throw ImgError.report("Value '" + sizeText + "' is out of range for parameter 'size'");
        }
        if (!r.ok()) {
            throw ImgError.report("Parameter 'size' expects a non-negative number below 2^64\n"
                    + "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                    + "and exabytes, respectively.");
        }
        long n = r.value().bitLength() > 63 ? Long.MAX_VALUE : r.value().longValue();
        OpenFlags flags = OpenFlags.readWrite();
        try (BlockNode node = ImageOpener.openOrFail(env, filename, fmt, imageOpts, flags)) {
            long current = node.length();
            long total = relative == 0 ? n : relative > 0 ? current + n : current - n;
            if (relative > 0 && total < current) {
                total = Long.MAX_VALUE;
            }
            if (total <= 0) {
                throw ImgError.report("New image size must be positive");
            }
            if (total <= current && prealloc != Preallocation.OFF) {
                throw ImgError.report("Preallocation can only be used for growing images");
            }
            if (total < current && !shrink) {
                env.report("Use the --shrink option to perform a shrink operation.");
                env.warn("Shrinking an image will delete all data beyond the shrunken image's end. Before "
                        + "performing such an operation, make sure there is no important data there.");
                return 1;
            }
            node.truncate(total, true, prealloc);
            node.flush();
            if (!quiet) {
                env.out().print("Image resized.\n");
            }
            return 0;
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
    }
}
