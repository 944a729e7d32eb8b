package io.jiotests.harness.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The result table of a hostile-corpus run: per format, operations by outcome; and a TSV of every operation. */
public final class HostileReport {
    private HostileReport() {
    }

    /** Counts per format (and "total"), per outcome. */
    public static Map<String, EnumMap<HostileOutcome, Integer>> counts(List<HostileResult> results) {
        Map<String, EnumMap<HostileOutcome, Integer>> m = new TreeMap<>();
        for (HostileResult r : results) {
            for (String key : List.of(r.op().image().format(), "total")) {
                m.computeIfAbsent(key, k -> new EnumMap<>(HostileOutcome.class)).merge(r.outcome(), 1, Integer::sum);
            }
        }
        return m;
    }

    public static String table(List<HostileResult> results, long images, List<String> notes, String bounds) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Hostile image corpus: engine vs reference qemu-img / qemu-io\n\n");
        sb.append("Images tried: ").append(images).append("; operations: ").append(results.size())
                .append("; engine bounds: ").append(bounds).append("\n\n");
        sb.append(String.format("| %-10s |", "format"));
        for (HostileOutcome o : HostileOutcome.values()) {
            sb.append(String.format(" %-13s |", o.name().toLowerCase()));
        }
        sb.append("\n|------------|");
        sb.append("---------------|".repeat(HostileOutcome.values().length)).append('\n');
        for (var e : counts(results).entrySet()) {
            sb.append(String.format("| %-10s |", e.getKey()));
            for (HostileOutcome o : HostileOutcome.values()) {
                sb.append(String.format(" %13d |", e.getValue().getOrDefault(o, 0)));
            }
            sb.append('\n');
        }
        sb.append("\nequal = same exit code, same filtered output and same convert result as the reference\n"
                + "(the convert result only when the reference convert succeeded: a failed one leaves a timing-dependent partial target);\n"
                + "no_driver = differs and the engine has no driver for the format yet;\n"
                + "ref_hang = the reference did not finish within 3 s (QEMU 7.2 loops on some backing cycles), the engine did;\n"
                + "ref_crash = the reference died of a signal (QEMU 7.2 bug), the engine finished cleanly;\n"
                + "crash includes a Java exception reported as \"internal error: java...\" instead of a QEMU message;\n"
                + "crash / hang / oom must be 0.\n");
        for (String n : notes) {
            sb.append("\nNote: ").append(n).append('\n');
        }
        boolean header = false;
        for (HostileResult r : results) {
            if (r.outcome().fatal()) {
                if (!header) {
                    sb.append("\n## Crashes, hangs, OOM\n\n");
                    header = true;
                }
                sb.append("- ").append(r.op().key()).append(" (").append(r.op().image().mutation()).append("): ")
                        .append(r.outcome()).append(": ").append(HostileResult.firstLine(r.javaText())).append('\n');
            }
        }
        return sb.toString();
    }

    public static void write(Path dir, String name, List<HostileResult> results, long images, List<String> notes, String bounds) throws IOException {
        Files.createDirectories(dir);
        String table = table(results, images, notes, bounds);
        Files.writeString(dir.resolve(name + ".md"), table);
        StringBuilder tsv = new StringBuilder("image\top\toutcome\tref_rc\tengine_rc\tref_first_line\tengine_first_line\tmutation\n");
        for (HostileResult r : results) {
            tsv.append(r.op().image().name()).append('\t').append(r.op().kind()).append('\t').append(r.outcome())
                    .append('\t').append(r.refRc()).append('\t').append(r.javaRc())
                    .append('\t').append(HostileResult.firstLine(r.refText()))
                    .append('\t').append(HostileResult.firstLine(r.javaText()))
                    .append('\t').append(r.op().image().mutation()).append('\n');
        }
        Files.writeString(dir.resolve(name + ".tsv"), tsv);
    }
}
