package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.DirtyBitmap;
import io.jiotests.engine.block.DirtyBitmaps;
import io.jiotests.engine.block.OpenFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code qemu-img bitmap (--merge SOURCE | --add | --remove | --clear | --enable | --disable)...
 * [-b source_file [-F source_fmt]] [-g granularity] [--image-opts | -f fmt] filename bitmap}.
 * The actions run in command-line order on the image opened read-write; the first failing one ends
 * the command with qemu-img's per-operation error. Persistent bitmaps reach the image when it is
 * closed (also after a failure, as with qemu-img).
 */
final class ImgBitmap implements ImgTool.Command {
    /**
     * The image's format node as qemu-img's bitmap errors name it: QEMU's automatic name "#block",
     * a counter (1: the format node is the second node opened) and two random digits, which are
     * fixed at 00 here so that the output is deterministic (tests filter the two digits).
     */
    private static final String NODE_NAME = "#block100";

    private record Action(String name, String source) {
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
                String why = apply(env, node, a, bitmap, granularity, srcFile, srcFmt);
                if (why != null) {
                    throw ImgError.report("Operation " + a.name() + " on bitmap " + bitmap + " failed: " + why);
                }
            }
            return 0;
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
    }

    /** Runs one action; returns QEMU's error text for it, or null on success. */
    private static String apply(ImgEnv env, BlockNode node, Action a, String name, long granularity,
                                String srcFile, String srcFmt) throws BlockException, ImgError {
        DirtyBitmaps bitmaps = node.dirtyBitmaps();
        if (a.name().equals("add")) {
            if (name.isEmpty()) {
                return "Bitmap name cannot be empty";
            }
            if (granularity != 0 && ((granularity & 0xffffffffL) < 512 || Long.bitCount(granularity & 0xffffffffL) != 1)) {
                return "Granularity must be power of 2 and at least 512";
            }
            if (bitmaps == null || !bitmaps.supportsPersistent() && !node.driver().name().equals("qcow2")) {
                return "Can't store persistent bitmaps to " + NODE_NAME + ": Operation not supported";
            }
            try {
                bitmaps.add(name, granularity, false);
                return null;
            } catch (BlockException e) {
                return e.getMessage();
            }
        }
        DirtyBitmap bm = bitmaps == null ? null : bitmaps.find(name);
        if (bm == null) {
            return "Dirty bitmap '" + name + "' not found";
        }
        switch (a.name()) {
            case "remove" -> {
                if (bm.readonly()) {
                    return bm.checkUsable(false);
                }
                try {
                    bitmaps.remove(name);
                } catch (BlockException e) {
                    return e.getMessage();
                }
                return null;
            }
            case "clear" -> {
                String bad = bm.checkUsable(false);
                if (bad == null) {
                    bm.clear();
                }
                return bad;
            }
            case "enable", "disable" -> {
                String bad = bm.checkUsable(true);
                if (bad == null) {
                    bm.setEnabled(a.name().equals("enable"));
                }
                return bad;
            }
            default -> {
                return merge(env, node, bm, a.source(), srcFile, srcFmt);
            }
        }
    }

    private static String merge(ImgEnv env, BlockNode node, DirtyBitmap dst, String srcName, String srcFile,
                                String srcFmt) throws BlockException, ImgError {
        String bad = dst.checkUsable(false);
        if (bad != null) {
            return bad;
        }
        BlockNode srcNode = srcFile == null ? node
                : ImageOpener.openOrFail(env, srcFile, srcFmt, false, OpenFlags.readOnly());
        try {
            DirtyBitmaps srcBitmaps = srcNode.dirtyBitmaps();
            DirtyBitmap src = srcBitmaps == null ? null : srcBitmaps.find(srcName);
            if (src == null) {
                return "Dirty bitmap '" + srcName + "' not found";
            }
            bad = src.checkUsable(true);
            if (bad != null) {
                return bad;
            }
            if (src.size() != dst.size()) {
                return "Bitmaps are of different sizes (destination size is " + dst.size()
                        + ", source size is " + src.size() + ") and can't be merged";
            }
            dst.merge(src);
            return null;
        } finally {
            if (srcNode != node) {
                srcNode.close();
            }
        }
    }
}
