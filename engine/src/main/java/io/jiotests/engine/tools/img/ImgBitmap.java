package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.OpenFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code qemu-img bitmap (--merge SOURCE | --add | --remove | --clear | --enable | --disable)...
 * [-b source_file [-F source_fmt]] [-g granularity] [--image-opts | -f fmt] filename bitmap}.
 * The block layer has no persistent dirty bitmap support yet, so valid requests end with qemu-img's
 * per-operation error carrying "Operation not supported"; the command line is checked like
 * qemu-img's.
 */
final class ImgBitmap implements ImgTool.Command {
    private record Action(String name, String source) {
    }

    /** Whether the format-specific info lists a persistent bitmap with this name. */
    private static boolean hasBitmap(BlockNode node, String name) throws BlockException {
        java.util.Map<String, Object> spec = node.formatSpecificInfo();
        if (spec == null || !(spec.get("bitmaps") instanceof List<?> list)) {
            return false;
        }
        for (Object o : list) {
            if (o instanceof java.util.Map<?, ?> m && name.equals(m.get("name"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":b:f:F:g:h", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("add", false, ImgOptions.OPTION_ADD),
                new GetOpt.LongOpt("remove", false, ImgOptions.OPTION_REMOVE),
                new GetOpt.LongOpt("clear", false, ImgOptions.OPTION_CLEAR),
                new GetOpt.LongOpt("enable", false, ImgOptions.OPTION_ENABLE),
                new GetOpt.LongOpt("disable", false, ImgOptions.OPTION_DISABLE),
                new GetOpt.LongOpt("merge", true, ImgOptions.OPTION_MERGE)));
        List<Action> actions = new ArrayList<>();
        String fmt = null;
        String srcFile = null;
        String srcFmt = null;
        long granularity = 0;
        boolean add = false;
        boolean merge = false;
        boolean imageOpts = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'b' -> srcFile = g.optarg();
                case 'f' -> fmt = g.optarg();
                case 'F' -> srcFmt = g.optarg();
                case 'g' -> granularity = ImgOptions.size(env, g.optarg(), "granularity");
                case ImgOptions.OPTION_ADD -> {
                    actions.add(new Action("add", null));
                    add = true;
                }
                case ImgOptions.OPTION_REMOVE -> actions.add(new Action("remove", null));
                case ImgOptions.OPTION_CLEAR -> actions.add(new Action("clear", null));
                case ImgOptions.OPTION_ENABLE -> actions.add(new Action("enable", null));
                case ImgOptions.OPTION_DISABLE -> actions.add(new Action("disable", null));
                case ImgOptions.OPTION_MERGE -> {
                    actions.add(new Action("merge", g.optarg()));
                    merge = true;
                }
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                default -> ImgOptions.common(env, g, c);
            }
        }
        if (actions.isEmpty()) {
            throw ImgError.report("Need at least one of --add, --remove, --clear, --enable, --disable, or --merge");
        }
        if (granularity != 0 && !add) {
            throw ImgError.report("granularity only supported with --add");
        }
        if (srcFmt != null && srcFile == null) {
            throw ImgError.report("-F only supported with -b");
        }
        if (srcFile != null && !merge) {
            throw ImgError.report("Merge bitmap source file only supported with --merge");
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            throw ImgError.report("Expecting filename and bitmap name");
        }
        String filename = ops.get(0);
        String bitmap = ops.get(1);
        try (BlockNode node = ImageOpener.openOrFail(env, filename, fmt, imageOpts, OpenFlags.readWrite())) {
            for (Action a : actions) {
                String why = "Operation not supported";
                if (a.name().equals("add") && granularity != 0
                        && (granularity < 512 || Long.bitCount(granularity) != 1)) {
                    why = "Granularity must be power of 2 and at least 512";
                } else if (!a.name().equals("add") && !hasBitmap(node, bitmap)) {
                    why = "Dirty bitmap '" + bitmap + "' not found";
                }
                throw ImgError.report("Operation " + a.name() + " on bitmap " + bitmap + " failed: " + why);
            }
            return 0;
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
    }
}
