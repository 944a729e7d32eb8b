package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;

/**
 * The {@code -l} argument of qemu-img convert and measure: either {@code snapshot.id=ID} /
 * {@code snapshot.name=NAME} options (both must match when both are given) or a bare id-or-name,
 * looked up as an id first, then as a name.
 */
record SnapshotParam(String id, String name, String idOrName) {
    private static final String PREFIX = "snapshot.";

    static SnapshotParam parse(ImgEnv env, String arg) throws ImgError {
        if (!arg.startsWith(PREFIX)) {
            return new SnapshotParam(null, null, arg);
        }
        String id = null;
        String name = null;
        for (String part : arg.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "on" : part.substring(eq + 1);
            switch (key) {
                case "snapshot.id" -> id = value;
                case "snapshot.name" -> name = value;
                default -> {
                    env.report("Invalid parameter '" + key + "'");
                    throw ImgError.report("Failed in parsing snapshot param '" + arg + "'");
                }
            }
        }
        return new SnapshotParam(id, name, null);
    }

    /** Makes the (read-only) source read the snapshot; fails with qemu-img's message. */
    void load(BlockNode node) throws ImgError {
        try {
            if (idOrName == null) {
                node.snapshotLoadTmp(id, name);
                return;
            }
            try {
                node.snapshotLoadTmp(idOrName, null);
            } catch (BlockException e) {
                if (e.errno() != Errno.ENOENT && e.errno() != Errno.EINVAL) {
                    throw e;
                }
                node.snapshotLoadTmp(null, idOrName);
            }
        } catch (BlockException e) {
            throw ImgError.report("Failed to load snapshot: " + e.getMessage());
        }
    }
}
