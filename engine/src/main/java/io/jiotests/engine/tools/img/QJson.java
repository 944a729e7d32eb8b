package io.jiotests.engine.tools.img;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * QEMU's pretty JSON output of QAPI values ({@code --output=json}): four-space indentation, and
 * object members in the iteration order of QEMU's QDict, which is a 512-bucket hash table keyed by
 * the TDB string hash (members of one bucket come most recently inserted first). Values are
 * String, Number, Boolean, List and Map (insertion-ordered, e.g. LinkedHashMap).
 */
final class QJson {
    private static final int BUCKETS = 512;

    private QJson() {
    }

    /** The TDB hash of a key (Samba's tdb hash function), as QDict buckets keys. */
    static int bucket(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        int value = 0x238F13AF * b.length;
        for (int i = 0; i < b.length; i++) {
            value += (b[i] & 0xff) << (i * 5 % 24);
        }
        int h = 1103515243 * value + 12345;
        return (int) (Integer.toUnsignedLong(h) % BUCKETS);
    }

    /** The keys of {@code m} in QDict iteration order. */
    static List<String> qdictOrder(Map<String, ?> m) {
        List<String> keys = new ArrayList<>(m.keySet());
        List<Integer> insertion = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            insertion.add(i);
        }
        int[] buckets = new int[keys.size()];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = bucket(keys.get(i));
        }
        // by bucket, then newest first; a plain class, not a comparator chain of lambdas (start-up)
        insertion.sort(new Comparator<Integer>() {
            @Override
            public int compare(Integer a, Integer b) {
                int c = Integer.compare(buckets[a], buckets[b]);
                return c != 0 ? c : Integer.compare(b, a);
            }
        });
        List<String> r = new ArrayList<>();
        for (int i : insertion) {
            r.add(keys.get(i));
        }
        return r;
    }

    /** Pretty-prints {@code value} as qemu-img does (no trailing newline). */
    static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void indent(StringBuilder sb, int level) {
        sb.append("    ".repeat(level));
    }

    private static void write(StringBuilder sb, Object v, int level) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> string(sb, s);
            case Boolean b -> sb.append(b ? "true" : "false");
            case Double d -> sb.append(formatDouble(d));
            case Number n -> sb.append(n.longValue());
            case Map<?, ?> m -> {
                @SuppressWarnings("unchecked")
                Map<String, ?> map = (Map<String, ?>) m;
                if (map.isEmpty()) {
                    sb.append("{\n");
                    indent(sb, level);
                    sb.append('}');
                    return;
                }
                sb.append("{\n");
                boolean first = true;
                for (String k : qdictOrder(map)) {
                    if (!first) {
                        sb.append(",\n");
                    }
                    first = false;
                    indent(sb, level + 1);
                    string(sb, k);
                    sb.append(": ");
                    write(sb, map.get(k), level + 1);
                }
                sb.append('\n');
                indent(sb, level);
                sb.append('}');
            }
            case List<?> list -> {
                sb.append("[\n");
                boolean first = true;
                for (Object o : list) {
                    if (!first) {
                        sb.append(",\n");
                    }
                    first = false;
                    indent(sb, level + 1);
                    write(sb, o, level + 1);
                }
                if (!list.isEmpty()) {
                    sb.append('\n');
                }
                indent(sb, level);
                sb.append(']');
            }
            default -> string(sb, v.toString());
        }
    }

    private static String formatDouble(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        return String.format("%.17g", d).replaceAll("0+$", "");
    }

    /** A JSON string as QEMU writes it: non-ASCII and control characters as \\uXXXX. */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
