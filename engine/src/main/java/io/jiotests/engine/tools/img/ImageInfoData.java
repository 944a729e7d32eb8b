package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.SnapshotInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * QEMU's ImageInfo of one opened image, as an ordered map with the --output=json member names
 * (inserted in the order QEMU fills them, which decides the order of QDict bucket collisions).
 */
final class ImageInfoData {
    private ImageInfoData() {
    }

    /** bdrv_getlength(): the node length rounded up to whole 512-byte sectors. */
    static long sectorLength(BlockNode node) throws BlockException {
        long len = node.length();
        return (len + 511) & ~511L;
    }

    static Map<String, Object> collect(BlockNode node, String filename) throws BlockException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filename", filename);
        m.put("format", node.driver().name());
        m.put("virtual-size", sectorLength(node));
        long actual = node.allocatedFileSize();
        if (actual >= 0) {
            m.put("actual-size", actual);
        }
        if (node.isEncrypted()) {
            m.put("encrypted", true);
        }
        if (node.hasDriverInfo()) {
            if (node.clusterSize() > 0) {
                m.put("cluster-size", (long) node.clusterSize());
            }
            m.put("dirty-flag", node.isDirty());
        }
        String backing = node.backingFilename();
        if (backing != null && !backing.isEmpty()) {
            m.put("backing-filename", backing);
            m.put("full-backing-filename", fullBackingFilename(filename, backing));
            if (node.backingFormat() != null) {
                m.put("backing-filename-format", node.backingFormat());
            }
        }
        List<SnapshotInfo> snaps = node.snapshots();
        if (!snaps.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (SnapshotInfo s : snaps) {
                list.add(snapshot(s));
            }
            m.put("snapshots", list);
        }
        Map<String, Object> spec = node.formatSpecificInfo();
        if (spec != null) {
            Map<String, Object> fs = new LinkedHashMap<>();
            fs.put("type", node.driver().name());
            fs.put("data", spec);
            m.put("format-specific", fs);
        }
        return m;
    }

    static Map<String, Object> snapshot(SnapshotInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("vm-state-size", s.vmStateSize());
        m.put("date-sec", s.dateSeconds());
        m.put("date-nsec", s.dateNanos());
        m.put("vm-clock-sec", s.vmClockNanos() / 1_000_000_000L);
        m.put("vm-clock-nsec", s.vmClockNanos() % 1_000_000_000L);
        m.put("icount", s.icount());
        return m;
    }

    /** bdrv_get_full_backing_filename: relative backing names resolve against the image's dir. */
    static String fullBackingFilename(String imageFilename, String backing) {
        if (backing.startsWith("/") || backing.startsWith("json:") || isProtocol(backing)) {
            return backing;
        }
        int slash = imageFilename.lastIndexOf('/');
        if (slash < 0 || isProtocol(imageFilename)) {
            return backing;
        }
        return imageFilename.substring(0, slash + 1) + backing;
    }

    static boolean isProtocol(String name) {
        int colon = name.indexOf(':');
        int slash = name.indexOf('/');
        return colon > 0 && (slash < 0 || colon < slash);
    }

    /** The path to open a backing file at, relative to the process' cwd. */
    static String backingPathToOpen(String imageFilename, String backing) {
        return fullBackingFilename(imageFilename, backing);
    }

    static Path parentOf(String filename) {
        return Path.of(filename).getParent();
    }
}
