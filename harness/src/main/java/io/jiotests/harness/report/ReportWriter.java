package io.jiotests.harness.report;

import io.jiotests.harness.compare.ImageMatch;
import io.jiotests.harness.run.CaseResult;
import io.jiotests.harness.run.CrossCheck;
import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.TestCase;
import io.jiotests.harness.run.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the reports of a run into a directory: per case the filtered output (NNN.out, and on an
 * unexpected outcome NNN.out.bad and NNN.diff) under cases/IMPL/FMT/, JUnit XML (Surefire format)
 * under junit/, TAP in results.tap, machine-readable results.json and the self-contained HTML
 * matrix report.html ({@link HtmlReport}), and the same matrix as text in matrix.txt ({@link MatrixText}).
 */
public final class ReportWriter {

    private final Path dir;
    private final Path repoRoot;

    public ReportWriter(Path dir, Path repoRoot) {
        this.dir = dir;
        this.repoRoot = repoRoot;
    }

    public Path dir() {
        return dir;
    }

    /** Where a case's files go. */
    public Path caseDir(TestCase tc) {
        return dir.resolve("cases").resolve(TestCase.safeImpl(tc.impl())).resolve(tc.fmt());
    }

    public void write(List<JudgedResult> results, List<CrossCheck> cross) {
        try {
            Files.createDirectories(dir);
            Optional<PreviousRun> previous = PreviousRun.find(dir);
            Map<JudgedResult, Map<String, String>> files = new LinkedHashMap<>();
            for (JudgedResult j : results) {
                files.put(j, writeCaseFiles(j));
            }
            writeCross(cross);
            JUnitXml.write(dir.resolve("junit"), results);
            Files.writeString(dir.resolve("results.tap"), Tap.render(results, cross), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("results.json"), json(results, files, cross), StandardCharsets.UTF_8);
            QemuVersions versions = new QemuVersions(System.getenv());
            Files.writeString(dir.resolve("matrix.txt"), MatrixText.render(ReportMatrix.of(results, versions), cross),
                    StandardCharsets.UTF_8);
            HtmlReport.write(dir, results, cross, previous, versions);
        } catch (IOException e) {
            throw new UncheckedIOException("writing reports to " + dir, e);
        }
    }

    private Map<String, String> writeCaseFiles(JudgedResult j) throws IOException {
        CaseResult r = j.result();
        TestCase tc = r.testCase();
        Path cd = caseDir(tc);
        Files.createDirectories(cd);
        String id = tc.test().id();
        Map<String, String> paths = new LinkedHashMap<>();
        Path out = cd.resolve(id + ".out");
        Path bad = cd.resolve(id + ".out.bad");
        Path diff = cd.resolve(id + ".diff");
        Path cmds = cd.resolve(id + ".commands");
        Files.deleteIfExists(bad);
        Files.deleteIfExists(diff);
        Files.writeString(out, r.output(), StandardCharsets.UTF_8);
        paths.put("out", rel(out));
        Files.writeString(cmds, String.join("\n", r.commands()) + (r.commands().isEmpty() ? "" : "\n"), StandardCharsets.UTF_8);
        paths.put("commands", rel(cmds));
        if (!r.diff().isEmpty()) {
            Files.writeString(diff, r.diff(), StandardCharsets.UTF_8);
            paths.put("diff", rel(diff));
            if (!j.verdict().ok()) {
                Files.writeString(bad, r.output(), StandardCharsets.UTF_8);
                paths.put("out_bad", rel(bad));
            }
        }
        return paths;
    }

    private void writeCross(List<CrossCheck> cross) throws IOException {
        Path cdir = dir.resolve("cross");
        for (CrossCheck c : cross) {
            if (!c.diff().isEmpty()) {
                Files.createDirectories(cdir);
                Files.writeString(cdir.resolve(c.test() + "." + c.fmt() + "." + TestCase.safeImpl(c.left()) + "~"
                        + TestCase.safeImpl(c.right()) + ".diff"), c.diff(), StandardCharsets.UTF_8);
            }
        }
    }

    private String rel(Path p) {
        Path base = repoRoot != null && p.startsWith(repoRoot) ? repoRoot : dir;
        return base.relativize(p).toString();
    }

    private String json(List<JudgedResult> results, Map<JudgedResult, Map<String, String>> files, List<CrossCheck> cross) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"generated\": ").append(Json.str(Instant.now().toString())).append(",\n");
        sb.append("  \"results\": [");
        String sep = "\n";
        for (JudgedResult j : results) {
            CaseResult r = j.result();
            TestCase tc = r.testCase();
            sb.append(sep);
            sep = ",\n";
            sb.append("    {\"test\": ").append(Json.str(tc.test().id()));
            sb.append(", \"title\": ").append(Json.str(tc.test().title()));
            sb.append(", \"groups\": [");
            List<String> gs = new ArrayList<>();
            for (String g : tc.test().groups()) {
                gs.add(Json.str(g));
            }
            sb.append(String.join(", ", gs)).append(']');
            sb.append(", \"impl\": ").append(Json.str(tc.impl()));
            sb.append(", \"fmt\": ").append(Json.str(tc.fmt()));
            sb.append(", \"proto\": ").append(Json.str(tc.proto()));
            sb.append(", \"outcome\": ").append(Json.str(r.outcome().label()));
            sb.append(", \"verdict\": ").append(Json.str(j.verdict().label()));
            sb.append(", \"ok\": ").append(j.verdict().ok());
            sb.append(", \"reason\": ").append(Json.str(r.reason()));
            sb.append(", \"expectation\": ").append(Json.str(j.expectation()));
            sb.append(", \"time\": ").append(String.format(Locale.ROOT, "%.3f", r.time().toNanos() / 1e9));
            sb.append(", \"golden\": ").append(Json.str(r.golden() == null ? null : rel(r.golden())));
            Map<String, String> f = files.getOrDefault(j, Map.of());
            for (Map.Entry<String, String> e : f.entrySet()) {
                sb.append(", \"").append(e.getKey()).append("\": ").append(Json.str(e.getValue()));
            }
            sb.append('}');
        }
        sb.append("\n  ],\n  \"cross\": [");
        sep = "\n";
        for (CrossCheck c : cross) {
            sb.append(sep);
            sep = ",\n";
            sb.append("    {\"test\": ").append(Json.str(c.test())).append(", \"fmt\": ").append(Json.str(c.fmt()))
                    .append(", \"left\": ").append(Json.str(c.left())).append(", \"right\": ").append(Json.str(c.right()))
                    .append(", \"differs\": ").append(c.differs()).append(", \"unexpected\": ").append(c.unexpected())
                    .append(", \"image_notes\": [");
            List<String> ns = new ArrayList<>();
            for (String n : c.imageNotes()) {
                ns.add(Json.str(n));
            }
            sb.append(String.join(", ", ns)).append("], \"images\": [");
            List<String> ims = new ArrayList<>();
            for (ImageMatch m : c.images()) {
                ims.add("{\"checkpoint\": " + Json.str(m.checkpoint()) + ", \"image\": " + Json.str(m.image())
                        + ", \"required\": " + Json.str(m.required()) + ", \"reached\": " + Json.str(m.reached())
                        + ", \"holds\": " + m.holds() + ", \"first_diff\": " + m.firstDiff()
                        + ", \"field\": " + Json.str(m.field()) + "}");
            }
            sb.append(String.join(", ", ims)).append("]}");
        }
        sb.append("\n  ],\n  \"ok\": ").append(results.stream().allMatch(j -> j.verdict().ok())
                && cross.stream().noneMatch(CrossCheck::unexpected)).append("\n}\n");
        return sb.toString();
    }

    /** Whether the verdict counts as a failure for the reports. */
    static boolean failed(Verdict v) {
        return !v.ok();
    }
}
