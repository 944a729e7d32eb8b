package io.jiotests.harness.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's performance section, from the benchmark's bench.json (bench/run): per workload the
 * median wall and CPU time of qemu-img and jqemu-img and the ratio. Looked for in the report
 * directory, then in the sibling reports/bench/.
 */
final class BenchSection {

    private BenchSection() {
    }

    static Optional<Path> find(Path reportDir) {
        Path own = reportDir.resolve("bench.json");
        if (Files.isRegularFile(own)) {
            return Optional.of(own);
        }
        Path parent = reportDir.toAbsolutePath().getParent();
        Path sibling = parent == null ? null : parent.resolve("bench").resolve("bench.json");
        return sibling != null && Files.isRegularFile(sibling) ? Optional.of(sibling) : Optional.empty();
    }

    /** The HTML of the section, or "" when the file is unreadable or not a bench.json. */
    static String render(Path benchJson) {
        Object parsed;
        try {
            parsed = MiniJson.parse(Files.readString(benchJson, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return "";
        }
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("workloads") instanceof List<?> workloads)) {
            return "";
        }
        StringBuilder h = new StringBuilder("<section id=\"performance\"><h2>Performance</h2>\n<p>");
        h.append(HtmlReport.esc(String.valueOf(root.get("generated")))).append(" &middot; median of ")
                .append(num(root.get("runs"), "%.0f")).append(" alternating runs");
        if (root.get("machine") instanceof Map<?, ?> m) {
            h.append(" &middot; ").append(num(m.get("cpus"), "%.0f")).append(" CPUs (")
                    .append(HtmlReport.esc(String.valueOf(m.get("cpu_model")))).append("), qemu-img ")
                    .append(HtmlReport.esc(String.valueOf(m.get("qemu"))));
        }
        if (root.get("sides") instanceof Map<?, ?> s) {
            h.append(" &middot; java: ").append(HtmlReport.esc(String.valueOf(s.get("java"))));
        }
        h.append(" (").append(HtmlReport.esc(benchJson.toString())).append(")</p>\n<table class=\"bench\"><tr><th>workload</th>")
                .append("<th>qemu-img s</th><th>jqemu-img s</th><th>java / qemu</th><th>CPU s qemu / java</th>")
                .append("<th>IOPS qemu / java</th><th>notes</th></tr>\n");
        for (Object o : workloads) {
            if (!(o instanceof Map<?, ?> w) || !(w.get("qemu") instanceof Map<?, ?> q) || !(w.get("java") instanceof Map<?, ?> j)) {
                continue;
            }
            Object ratio = w.get("ratio");
            String cls = ratio instanceof Double r ? (r <= 1.0 ? "fast" : "slow") : "none";
            h.append("<tr class=\"").append(cls).append("\"><td>").append(HtmlReport.esc(String.valueOf(w.get("name"))))
                    .append("</td><td>").append(num(q.get("median_s"), "%.3f")).append("</td><td>")
                    .append(num(j.get("median_s"), "%.3f")).append("</td><td>").append(num(ratio, "%.2f"))
                    .append("</td><td>").append(num(q.get("median_cpu_s"), "%.2f")).append(" / ")
                    .append(num(j.get("median_cpu_s"), "%.2f")).append("</td><td>");
            if (q.get("iops") != null || j.get("iops") != null) {
                h.append(num(q.get("iops"), "%.0f")).append(" / ").append(num(j.get("iops"), "%.0f"));
            }
            h.append("</td><td>");
            String fq = q.get("failure") instanceof String f ? f : "";
            String fj = j.get("failure") instanceof String f ? f : "";
            if (!fq.isEmpty()) {
                h.append("qemu: ").append(HtmlReport.esc(fq)).append(' ');
            }
            if (!fj.isEmpty()) {
                h.append("java not measured: ").append(HtmlReport.esc(fj));
            }
            h.append("</td></tr>\n");
        }
        return h.append("</table></section>\n").toString();
    }

    private static String num(Object v, String fmt) {
        return v instanceof Double d ? String.format(Locale.ROOT, fmt, d) : "&ndash;";
    }
}
