package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.CacheMode;

/** Option handling shared by the subcommands: getopt errors, -h, --object, --output, -t/-T. */
final class ImgOptions {
    static final int OPTION_OUTPUT = 256;
    static final int OPTION_BACKING_CHAIN = 257;
    static final int OPTION_OBJECT = 258;
    static final int OPTION_IMAGE_OPTS = 259;
    static final int OPTION_PATTERN = 260;
    static final int OPTION_FLUSH_INTERVAL = 261;
    static final int OPTION_NO_DRAIN = 262;
    static final int OPTION_TARGET_IMAGE_OPTS = 263;
    static final int OPTION_SIZE = 264;
    static final int OPTION_PREALLOCATION = 265;
    static final int OPTION_SHRINK = 266;
    static final int OPTION_SALVAGE = 267;
    static final int OPTION_TARGET_IS_ZERO = 268;
    static final int OPTION_ADD = 269;
    static final int OPTION_REMOVE = 270;
    static final int OPTION_CLEAR = 271;
    static final int OPTION_ENABLE = 272;
    static final int OPTION_DISABLE = 273;
    static final int OPTION_MERGE = 274;
    static final int OPTION_BITMAPS = 275;
    static final int OPTION_FORCE = 276;
    static final int OPTION_SKIP_BROKEN = 277;
    static final int OPTION_START_OFFSET = 278;
    static final int OPTION_MAX_LENGTH = 279;

    /** The two-line error for a bad size argument; %s names the value ("image size"). */
    static final String SIZE_SUFFIX_ERROR = "Invalid %s specified. You may use k, M, G, T, P or E suffixes for\n"
            + "qemu-img: kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.";

    private ImgOptions() {
    }

    /** The cases every subcommand's getopt loop shares: errors and -h. */
    static void common(ImgEnv env, GetOpt g, int c) throws ImgError {
        switch (c) {
            case GetOpt.MISSING -> throw ImgError.usage("missing argument for option '" + g.lastArg() + "'");
            case GetOpt.UNKNOWN -> throw ImgError.usage("unrecognized option '" + g.lastArg() + "'");
            case 'h' -> throw new HelpRequested();
            default -> throw new IllegalStateException("unhandled option " + c);
        }
    }

    /** --object: checks the definition; a secret is defined for the subcommand's drivers. */
    static void object(String def) throws ImgError {
        ObjectOption.define(def, ObjectOption.CURRENT_REGISTRY.get(), true);
    }

    /** --output: "human" or "json". Returns true for json. */
    static boolean outputJson(String arg) throws ImgError {
        return switch (arg) {
            case "json" -> true;
            case "human" -> false;
            default -> throw ImgError.report("--output must be used with human or json as argument.");
        };
    }

    /** A cache mode argument of -t / -T with qemu-img's error text. */
    static CacheMode cache(String arg, boolean source) throws ImgError {
        try {
            return CacheMode.parse(arg);
        } catch (BlockException e) {
            throw ImgError.report("Invalid " + (source ? "source " : "") + "cache option: " + arg);
        }
    }

    /** A size argument with qemu-img's "Invalid WHAT specified" error. */
    static long size(ImgEnv env, String arg, String what) throws ImgError {
        SizeArg.Result r = SizeArg.parse(arg);
        if (r.invalid()) {
            throw ImgError.report(SIZE_SUFFIX_ERROR.replace("%s", what));
        }
        if (r.asLong() < 0) {
            throw ImgError.report("Invalid " + what + " specified. Must be between 0 and 9223372036854775807.");
        }
        return r.asLong();
    }
}
