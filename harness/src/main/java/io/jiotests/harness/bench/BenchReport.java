package io.jiotests.harness.bench;

import io.jiotests.harness.bench.Workloads.Workload;
import io.jiotests.harness.report.Json;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders benchmark results: a console line per workload, bench.json and a Markdown table. */
final class BenchReport {

    private BenchReport() {
    }

    /** java median / qemu median; NaN unless both sides ran. */
    static double ratio(Stats q, Stats j) {
        return q.ok() && j.ok() ? j.medianSeconds() / q.medianSeconds() : Double.NaN;
    }

    static String line(Workload w, Stats q, Stats j) {
        String notes = cpu(q, j);
        if (w.ops() > 0) {
            notes += "; " + iops(w, q) + " vs " + iops(w, j) + " IOPS" + runIopsNote(w, q, j);
        }
        if (!q.failure().isEmpty()) {
            notes += (notes.isEmpty() ? "" : "; ") + "qemu failed: " + q.failure();
        }
        if (!j.failure().isEmpty()) {
            notes += (notes.isEmpty() ? "" : "; ") + "java not measured: " + j.failure();
        }
        return String.format(Locale.ROOT, "%-44s %10s %10s %7s  %s", w.name(), secs(q), secs(j), fmtRatio(ratio(q, j)), notes);
    }

    /** "cpu 0.55 vs 1.40 s" (median user + system time of each side). */
    static String cpu(Stats q, Stats j) {
        return "cpu " + cpuSecs(q) + " vs " + cpuSecs(j) + " s";
    }

    private static String cpuSecs(Stats s) {
        return s.ok() && !Double.isNaN(s.medianCpuSeconds()) ? String.format(Locale.ROOT, "%.2f", s.medianCpuSeconds()) : "-";
    }

    private static String secs(Stats s) {
        return s.ok() ? String.format(Locale.ROOT, "%.3f", s.medianSeconds()) : "-";
    }

    private static String fmtRatio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2f", r);
    }

    /** IOPS over the median wall time of the whole process (start-up and image open included). */
    private static String iops(Workload w, Stats s) {
        return s.ok() ? String.format(Locale.ROOT, "%.0f", w.ops() / s.medianSeconds()) : "-";
    }

    /** IOPS over the median run time the tool reported itself (bench's "Run completed in"), as qemu-img bench counts them. */
    static double runIops(Workload w, Stats s) {
        return s.ok() && w.ops() > 0 ? w.ops() / s.medianReportedSeconds() : Double.NaN;
    }

    /** "; in-run 12345 vs 23456 IOPS" when both sides reported their run time, else "". */
    private static String runIopsNote(Workload w, Stats q, Stats j) {
        double a = runIops(w, q);
        double b = runIops(w, j);
        return Double.isNaN(a) || Double.isNaN(b) ? ""
                : String.format(Locale.ROOT, " (in-run %.0f vs %.0f)", a, b);
    }

    private static String num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? "null" : String.format(Locale.ROOT, "%.6f", d);
    }

    static String json(Map<Workload, Stats[]> results, Machine m, Bench.Plan plan, BenchOptions o, Inputs.Sizes sizes) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"generated\": ").append(Json.str(Instant.now().toString())).append(",\n");
        sb.append("  \"quick\": ").append(o.quick).append(",\n  \"runs\": ").append(o.runs)
                .append(",\n  \"warmup\": ").append(o.warmup).append(",\n");
        sb.append("  \"sizes\": ").append(Json.str(sizes.toString())).append(",\n");
        sb.append("  \"cache\": ").append(Json.str(Bench.CACHE_NOTE)).append(",\n");
        sb.append("  \"machine\": {\"cpus\": ").append(m.cpus()).append(", \"cpu_model\": ").append(Json.str(m.cpuModel()))
                .append(", \"memory_bytes\": ").append(m.memoryBytes()).append(", \"kernel\": ").append(Json.str(m.kernel()))
                .append(", \"java\": ").append(Json.str(m.java())).append(", \"qemu\": ").append(Json.str(m.qemu())).append("},\n");
        sb.append("  \"sides\": {\"qemu\": ").append(Json.str(plan.qemu().description())).append(", \"java\": ")
                .append(Json.str(plan.java().description())).append("},\n  \"workloads\": [");
        String sep = "\n";
        for (Map.Entry<Workload, Stats[]> e : results.entrySet()) {
            Workload w = e.getKey();
            Stats q = e.getValue()[0];
            Stats j = e.getValue()[1];
            sb.append(sep).append("    {\"name\": ").append(Json.str(w.name())).append(", \"category\": ")
                    .append(Json.str(w.category())).append(", \"command\": ")
                    .append(Json.str(w.program() + " " + String.join(" ", w.args()))).append(", \"ops\": ").append(w.ops())
                    .append(",\n     \"qemu\": ").append(side(q, w)).append(",\n     \"java\": ").append(side(j, w))
                    .append(",\n     \"ratio\": ").append(num(ratio(q, j))).append('}');
            sep = ",\n";
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    private static String side(Stats s, Workload w) {
        StringBuilder sb = new StringBuilder("{\"ok\": ").append(s.ok()).append(", \"failure\": ").append(Json.str(s.failure()))
                .append(", \"median_s\": ").append(num(s.medianSeconds())).append(", \"median_cpu_s\": ")
                .append(num(s.medianCpuSeconds())).append(", \"min_s\": ").append(num(s.minSeconds()))
                .append(", \"iops\": ").append(w.ops() > 0 && s.ok() ? num(w.ops() / s.medianSeconds()) : "null")
                .append(", \"median_run_s\": ").append(num(s.medianReportedSeconds()))
                .append(", \"run_iops\": ").append(num(runIops(w, s)))
                .append(", \"times_s\": [");
        List<Long> t = s.nanos();
        for (int i = 0; i < t.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(num(t.get(i) / 1e9));
        }
        return sb.append("]}").toString();
    }

    static String markdown(Map<Workload, Stats[]> results, Machine m, Bench.Plan plan, BenchOptions o) {
        StringBuilder sb = new StringBuilder();
        sb.append("Machine: ").append(m.summary()).append(o.quick ? " (--quick sizes)" : "").append("  \n");
        sb.append("qemu: ").append(plan.qemu().description()).append("; java: ").append(plan.java().description())
                .append("; median of ").append(o.runs).append(" alternating runs")
                .append(o.warmup > 0 ? " after " + o.warmup + " unmeasured ones per side" : "").append("; ").append(Bench.CACHE_NOTE).append("\n\n");
        sb.append("| workload | qemu-img (s) | jqemu-img (s) | java / qemu | notes |\n|---|---:|---:|---:|---|\n");
        for (Map.Entry<Workload, Stats[]> e : results.entrySet()) {
            Workload w = e.getKey();
            Stats q = e.getValue()[0];
            Stats j = e.getValue()[1];
            String notes = cpu(q, j) + (w.ops() > 0 ? "; IOPS " + iops(w, q) + " vs " + iops(w, j) + runIopsNote(w, q, j) : "");
            if (!j.failure().isEmpty()) {
                notes += (notes.isEmpty() ? "" : "; ") + "java not measured: " + j.failure().replace("|", "\\|");
            }
            if (!q.failure().isEmpty()) {
                notes += (notes.isEmpty() ? "" : "; ") + "qemu failed: " + q.failure().replace("|", "\\|");
            }
            sb.append("| ").append(w.name()).append(" | ").append(secs(q)).append(" | ").append(secs(j)).append(" | ")
                    .append(fmtRatio(ratio(q, j))).append(" | ").append(notes).append(" |\n");
        }
        return sb.toString();
    }
}
