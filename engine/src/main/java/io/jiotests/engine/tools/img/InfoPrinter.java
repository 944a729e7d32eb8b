package io.jiotests.engine.tools.img;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The human layout of {@code qemu-img info} (bdrv_image_info_dump) and of snapshot tables. */
final class InfoPrinter {

    /** Only for years outside 0-9999 (see {@link #date}): DateTimeFormatter's initialisation is slow at start-up. */
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
        StringBuilder sb = new StringBuilder();
        left(sb, "ID", 9).append(' ');
        left(sb, "TAG", 17).append(' ');
        right(sb, "VM SIZE", 7);
        right(sb, "DATE", 20);
        right(sb, "VM CLOCK", 13);
        return right(sb, "ICOUNT", 11).toString();
    }

    /**
     * One snapshot line, laid out by hand as QEMU's printf formats it: String.format and
     * DateTimeFormatter initialise the locale providers, regex and java.time's formatting (~100
     * classes), which the launchers' start-up AOT cache would load at every info run.
     */
    static String snapshotRow(Map<String, Object> s) {
        long secs = (Long) s.get("date-sec");
        String date = date(secs);
        long clockSec = (Long) s.get("vm-clock-sec");
        long clockNsec = (Long) s.get("vm-clock-nsec");
        StringBuilder clock = new StringBuilder(12);
        zeroPad(clock, clockSec / 3600, 2).append(':');
        zeroPad(clock, (clockSec / 60) % 60, 2).append(':');
        zeroPad(clock, clockSec % 60, 2).append('.');
        zeroPad(clock, clockNsec / 1_000_000, 3);
        long icount = (Long) s.get("icount");
        String ic = icount == -1 ? "" : Long.toString(icount);
        // the rows lay out as "%-9s %-16s %8s": a name of 17 or more characters pushes the size one
        // column further than the header's "%-17s %7s" suggests (qemu-img 7.2 prints it so)
        StringBuilder sb = new StringBuilder(96);
        left(sb, String.valueOf(s.get("id")), 9).append(' ');
        left(sb, String.valueOf(s.get("name")), 16).append(' ');
        right(sb, HumanSize.format((Long) s.get("vm-state-size")), 8);
        right(sb, date, 20);
        right(sb, clock.toString(), 13);
        return right(sb, ic, 11).toString();
    }

    /** strftime "%Y-%m-%d %H:%M:%S" in local time; DateTimeFormatter for years outside 0-9999. */
    static String date(long epochSecond) {
        java.time.LocalDateTime t = Instant.ofEpochSecond(epochSecond).atZone(ZoneId.systemDefault())
                .toLocalDateTime();
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return Dates.DATE.format(t);
        }
        StringBuilder sb = new StringBuilder(19);
        zeroPad(sb, t.getYear(), 4).append('-');
        zeroPad(sb, t.getMonthValue(), 2).append('-');
        zeroPad(sb, t.getDayOfMonth(), 2).append(' ');
        zeroPad(sb, t.getHour(), 2).append(':');
        zeroPad(sb, t.getMinute(), 2).append(':');
        return zeroPad(sb, t.getSecond(), 2).toString();
    }

    /** printf "%-Ns". */
    private static StringBuilder left(StringBuilder sb, String v, int width) {
        sb.append(v);
        for (int i = v.length(); i < width; i++) {
            sb.append(' ');
        }
        return sb;
    }

    /** printf "%Ns". */
    private static StringBuilder right(StringBuilder sb, String v, int width) {
        for (int i = v.length(); i < width; i++) {
            sb.append(' ');
        }
        return sb.append(v);
    }

    /** printf "%0Nd": zeroes between the sign and the digits up to {@code width} characters. */
    static StringBuilder zeroPad(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        int digitsStart = v < 0 ? 1 : 0;
        sb.append(s, 0, digitsStart);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s, digitsStart, s.length());
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
