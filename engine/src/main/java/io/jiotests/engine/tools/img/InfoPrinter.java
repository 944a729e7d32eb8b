package io.jiotests.engine.tools.img;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The human layout of {@code qemu-img info} (bdrv_image_info_dump) and of snapshot tables. */
final class InfoPrinter {

    /** Built on the first snapshot line: DateTimeFormatter's initialisation is slow at start-up. */
    private static final class Dates {
        static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    }

    private InfoPrinter() {
    }

    @SuppressWarnings("unchecked")
    static String human(Map<String, Object> info) {
        StringBuilder sb = new StringBuilder();
        sb.append("image: ").append(info.get("filename")).append('\n');
        sb.append("file format: ").append(info.get("format")).append('\n');
        long vsize = (Long) info.get("virtual-size");
        sb.append("virtual size: ").append(HumanSize.format(vsize)).append(" (").append(vsize)
                .append(" bytes)\n");
        Object actual = info.get("actual-size");
        sb.append("disk size: ").append(actual == null ? "unavailable" : HumanSize.format((Long) actual))
                .append('\n');
        if (Boolean.TRUE.equals(info.get("encrypted"))) {
            sb.append("encrypted: yes\n");
        }
        if (info.get("cluster-size") != null) {
            sb.append("cluster_size: ").append(info.get("cluster-size")).append('\n');
        }
        if (Boolean.TRUE.equals(info.get("dirty-flag"))) {
            sb.append("cleanly shut down: no\n");
        }
        Object backing = info.get("backing-filename");
        if (backing != null) {
            sb.append("backing file: ").append(backing);
            Object full = info.get("full-backing-filename");
            if (full != null && !full.equals(backing)) {
                sb.append(" (actual path: ").append(full).append(')');
            }
            sb.append('\n');
            if (info.get("backing-filename-format") != null) {
                sb.append("backing file format: ").append(info.get("backing-filename-format")).append('\n');
            }
        }
        List<Map<String, Object>> snaps = (List<Map<String, Object>>) info.get("snapshots");
        if (snaps != null) {
            sb.append("Snapshot list:\n");
            sb.append(snapshotHeader()).append('\n');
            for (Map<String, Object> s : snaps) {
                sb.append(snapshotRow(s)).append('\n');
            }
        }
        Map<String, Object> fs = (Map<String, Object>) info.get("format-specific");
        if (fs != null) {
            sb.append("Format specific information:\n");
            dump(sb, fs.get("data"), 1);
        }
        return sb.toString();
    }

    static String snapshotHeader() {
        return String.format("%-9s %-17s %7s%20s%13s%11s", "ID", "TAG", "VM SIZE", "DATE", "VM CLOCK",
                "ICOUNT");
    }

    static String snapshotRow(Map<String, Object> s) {
        long secs = (Long) s.get("date-sec");
        String date = Dates.DATE.format(Instant.ofEpochSecond(secs).atZone(ZoneId.systemDefault()));
        long clockSec = (Long) s.get("vm-clock-sec");
        long clockNsec = (Long) s.get("vm-clock-nsec");
        String clock = String.format("%02d:%02d:%02d.%03d", clockSec / 3600, (clockSec / 60) % 60,
                clockSec % 60, clockNsec / 1_000_000);
        long icount = (Long) s.get("icount");
        String ic = icount == -1 ? "" : Long.toString(icount);
        // the rows lay out as "%-9s %-16s %8s": a name of 17 or more characters pushes the size one
        // column further than the header's "%-17s %7s" suggests (qemu-img 7.2 prints it so)
        return String.format("%-9s %-16s %8s%20s%13s%11s", s.get("id"), s.get("name"),
                HumanSize.format((Long) s.get("vm-state-size")), date, clock, ic);
    }

    /** QEMU's dump_qobject: keys with '-' shown as ' ', nested values indented by four. */
    @SuppressWarnings("unchecked")
    static void dump(StringBuilder sb, Object v, int level) {
        String pad = "    ".repeat(level);
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            for (String k : QJson.qdictOrder(map)) {
                Object val = map.get(k);
                String key = k.replace('-', ' ');
                if (val instanceof Map<?, ?> || val instanceof List<?>) {
                    sb.append(pad).append(key).append(":\n");
                    dump(sb, val, level + 1);
                } else {
                    sb.append(pad).append(key).append(": ").append(scalar(val)).append('\n');
                }
            }
        } else if (v instanceof List<?> list) {
            int i = 0;
            for (Object o : list) {
                if (o instanceof Map<?, ?> || o instanceof List<?>) {
                    sb.append(pad).append('[').append(i).append("]:\n");
                    dump(sb, o, level + 1);
                } else {
                    sb.append(pad).append('[').append(i).append("]: ").append(scalar(o)).append('\n');
                }
                i++;
            }
        }
    }

    private static String scalar(Object v) {
        return String.valueOf(v);
    }
}
