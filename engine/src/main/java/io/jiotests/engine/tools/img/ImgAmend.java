package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.crypto.LuksAmendOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code qemu-img amend [-p] [-q] [-f fmt] [-t cache] [--force] -o options filename}. */
final class ImgAmend implements ImgTool.Command {
    /** The options qemu's drivers accept for amend (amend_opts), by format. */
    private static final Map<String, List<String>> AMEND_OPTIONS = Map.of(
            "qcow2", List.of("backing_file", "backing_fmt", "compat", "data_file", "data_file_raw",
                    "encrypt.iter-time", "encrypt.keyslot", "encrypt.new-secret", "encrypt.old-secret",
                    "encrypt.state", "lazy_refcounts", "refcount_bits", "size"),
            "luks", LuksAmendOptions.NAMES);
    /** Help texts of amend-only options (not among the creation options): the LUKS key-slot ones. */
    private static final Map<String, OptionSpec> AMEND_ONLY = amendOnly();

    private static Map<String, OptionSpec> amendOnly() {
        Map<String, OptionSpec> m = new HashMap<>();
        for (String prefix : List.of("", "encrypt.")) {
            for (OptionSpec spec : LuksAmendOptions.specs(prefix)) {
                m.put(spec.name(), spec);
            }
        }
        return Map.copyOf(m);
    }

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":ho:f:t:pq", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("force", false, ImgOptions.OPTION_FORCE)));
        String options = null;
        String fmt = null;
        String cache = "writeback";
        boolean progress = false;
        boolean quiet = false;
        boolean imageOpts = false;
        boolean force = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'o' -> options = CreateOpts.accumulate(options, g.optarg());
                case 'f' -> fmt = g.optarg();
                case 't' -> cache = g.optarg();
                case 'p' -> progress = true;
                case 'q' -> quiet = true;
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                case ImgOptions.OPTION_FORCE -> force = true;
                default -> ImgOptions.common(env, g, c);
            }
        }
        if (options == null) {
            throw ImgError.usage("Must specify options (-o)");
        }
        if (quiet) {
            progress = false;
        }
        List<String> ops = g.operands();
        String filename = ops.size() == 1 ? ops.get(0) : null;
        Progress p = new Progress(env.out(), progress, 1.0f);
        try {
            int rc = amend(env, p, filename, fmt, options, cache, imageOpts, force);
            p.end();
            return rc;
        } catch (ImgError e) {
            if (!progress) {
                throw e;
            }
            // qemu-img ends its progress output (a newline) on every path after the options
            int rc = ImgTool.reportError(env.ctx(), e);
            p.end();
            return rc;
        }
    }

    private int amend(ImgEnv env, Progress p, String filename, String fmt, String options, String cache,
                      boolean imageOpts, boolean force) throws Exception {
        boolean help = CreateOpts.hasHelp(options);
        if (filename == null && !help) {
            throw ImgError.report("Expecting one image file name");
        }
        if (help && fmt != null) {
            // with -f, the help is the format's, without opening the image (nor needing its secrets)
            return printHelp(env, env.registry().find(fmt), fmt);
        }
        if (filename == null) {
            throw ImgError.report("Expecting one image file name");
        }
        CacheMode cacheMode = ImgOptions.cache(cache, false);
        OpenFlags flags = OpenFlags.readWrite().withCache(cacheMode);
        try (BlockNode node = ImageOpener.openOrFail(env, filename, fmt, imageOpts, flags)) {
            String format = node.driver().name();
            if (help) {
                return printHelp(env, node.driver(), format);
            }
            OptionSchema amendSchema = schema(node.driver());
            if (amendSchema == null) {
                throw ImgError.report("Format driver '" + format + "' does not support option amendment");
            }
            OptionValues values;
            try {
                values = CreateOpts.parse(options, amendSchema, new OptionValues());
            } catch (ImgError e) {
                String name = e.getMessage().replaceFirst("^Invalid parameter '(.*)'$", "$1");
                if (!name.equals(e.getMessage()) && node.driver().createOptions().contains(name)) {
                    throw ImgError.report(e.getMessage() + "\nThis option is only supported for image creation");
                }
                throw e;
            }
            p.print(0);
            try {
                // qemu-img's amend_status_cb: qemu_progress_print(100.f * offset / total_work_size, 0)
                node.amend(values, force, new PrintStream(OutputStream.nullOutputStream()),
                        (offset, total) -> p.setAbsolute(100f * offset / total));
            } catch (BlockException e) {
                // qemu-img prints 100 % whether the amend worked or not, then the error
                p.setAbsolute(100f);
                if (e.errno() == Errno.ENOTSUP && e.getMessage().startsWith("Format driver")) {
                    throw ImgError.report("Format driver '" + format + "' does not support option amendment");
                }
                // a key slot that could not be written: QEMU's hint line has no newline
                boolean newline = !e.getMessage().contains("\nFailed to write to keyslot ");
                throw new ImgError(e.getMessage(), 1, false, newline);
            }
            node.flush();
            p.setAbsolute(100f);
            return 0;
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
    }

    /** The amend options of a driver, or null if it has none. */
    static OptionSchema schema(BlockDriver drv) {
        List<String> names = AMEND_OPTIONS.get(drv.name());
        if (names == null) {
            return null;
        }
        OptionSchema create = drv.createOptions();
        List<OptionSpec> specs = new ArrayList<>();
        for (String n : names) {
            OptionSpec s = AMEND_ONLY.containsKey(n) ? AMEND_ONLY.get(n) : create.find(n).orElse(null);
            if (s != null) {
                specs.add(s);
            }
        }
        return OptionSchema.of(specs.toArray(OptionSpec[]::new));
    }

    private static int printHelp(ImgEnv env, BlockDriver drv, String fmt) throws ImgError {
        if (drv == null) {
            throw ImgError.report("Unknown file format '" + fmt + "'");
        }
        OptionSchema s = schema(drv);
        if (s == null) {
            throw ImgError.report("Format driver '" + fmt + "' does not support option amendment");
        }
        env.out().print(CreateOptionsText.help("Amend options for '" + fmt + "':", s, false));
        return 0;
    }
}
