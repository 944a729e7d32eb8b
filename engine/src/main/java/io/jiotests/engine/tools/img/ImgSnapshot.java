package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.SnapshotInfo;
import java.time.Instant;
import java.util.List;

/** {@code qemu-img snapshot [--image-opts] [-U] [-q] [-l | -a snap | -c snap | -d snap] filename}. */
final class ImgSnapshot implements ImgTool.Command {
    private static final int LIST = 1;
    private static final int APPLY = 2;
    private static final int CREATE = 3;
    private static final int DELETE = 4;

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":la:c:d:hqU", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("force-share", false, 'U')));
        int action = 0;
        String name = null;
        boolean quiet = false;
        boolean imageOpts = false;
        boolean forceShare = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'l', 'a', 'c', 'd' -> {
                    if (action != 0) {
                        throw ImgError.usage("Cannot mix '-l', '-a', '-c', '-d'");
                    }
                    action = switch (c) {
                        case 'l' -> LIST;
                        case 'a' -> APPLY;
                        case 'c' -> CREATE;
                        default -> DELETE;
                    };
                    name = g.optarg();
                }
                case 'q' -> quiet = true;
                case 'U' -> forceShare = true;
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
        OpenFlags flags = (action == LIST || action == 0 ? OpenFlags.readOnly() : OpenFlags.readWrite())
                .withNoBacking(true).withForceShare(forceShare);
        try (BlockNode node = ImageOpener.openOrFail(env, filename, null, imageOpts, flags)) {
            switch (action) {
                case LIST -> list(env, node);
                case CREATE -> create(node, name);
                case APPLY -> apply(node, name);
                case DELETE -> delete(node, name);
                default -> {
                }
            }
            if (action != LIST && action != 0) {
                node.flush();
            }
            return 0;
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
    }

    private static void list(ImgEnv env, BlockNode node) throws BlockException {
        List<SnapshotInfo> snaps = node.snapshots();
        if (snaps.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("Snapshot list:\n");
        sb.append(InfoPrinter.snapshotHeader()).append('\n');
        for (SnapshotInfo s : snaps) {
            sb.append(InfoPrinter.snapshotRow(ImageInfoData.snapshot(s))).append('\n');
        }
        env.out().print(sb);
    }

    private static void create(BlockNode node, String name) throws ImgError {
        Instant now = Instant.now();
        long micros = now.getNano() / 1000;
        SnapshotInfo info = new SnapshotInfo("", name, 0, now.getEpochSecond(), micros * 1000, 0, 0);
        try {
            node.snapshotCreate(info);
        } catch (BlockException e) {
            throw ImgError.report("Could not create snapshot '" + name + "': -" + e.errno().number() + " ("
                    + e.errno().text() + ")");
        }
    }

    private static void apply(BlockNode node, String name) throws ImgError {
        try {
            node.snapshotApply(name);
        } catch (BlockException e) {
            String why = switch (e.errno()) {
                case ENOTSUP -> "Block driver does not support snapshots";
                case ENOENT -> "Failed to load snapshot: " + Errno.ENOENT.text();
                default -> e.getMessage();
            };
            throw ImgError.report("Could not apply snapshot '" + name + "': " + why);
        }
    }

    private static void delete(BlockNode node, String name) throws ImgError {
        try {
            node.snapshotDelete(null, name);
        } catch (BlockException e) {
            String why = e.errno() == Errno.ENOTSUP || e.errno() == Errno.ENOENT ? "snapshot not found"
                    : e.getMessage();
            throw ImgError.report("Could not delete snapshot '" + name + "': " + why);
        }
    }
}
