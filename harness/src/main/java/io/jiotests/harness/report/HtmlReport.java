package io.jiotests.harness.report;

import io.jiotests.harness.compare.ImageMatch;
import io.jiotests.harness.report.ReportMatrix.CellKind;
import io.jiotests.harness.report.ReportMatrix.Column;
import io.jiotests.harness.run.CaseResult;
import io.jiotests.harness.run.Checkpoint;
import io.jiotests.harness.run.CrossCheck;
import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.TestCase;
import io.jiotests.harness.run.TestInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The conformance report as ONE self-contained HTML file (inline CSS and a few lines of script, no
 * network): a matrix of tests x (implementation, format, QEMU version) whose cells link to in-page
 * details with the filtered output, the golden file, the unified diff and the image comparison;
 * a pass-ratio bar per column; and the trend against a previous run when there is one.
 */
public final class HtmlReport {

    /** Longest text embedded per output, golden or diff; longer text is cut with a note. */
    static final int MAX_TEXT = 256 * 1024;

    private final ReportMatrix matrix;
    private final List<CrossCheck> cross;
    private final Optional<PreviousRun> previous;
    private final Instant generated;
    private String benchHtml = "";
    private final StringBuilder h = new StringBuilder(64 * 1024);

    public HtmlReport(ReportMatrix matrix, List<CrossCheck> cross, Optional<PreviousRun> previous, Instant generated) {
        this.matrix = matrix;
        this.cross = cross;
        this.previous = previous;
        this.generated = generated;
    }

    /** Writes report.html into {@code dir}; returns its path. */
    public static Path write(Path dir, List<JudgedResult> results, List<CrossCheck> cross,
                             Optional<PreviousRun> previous, QemuVersions versions) throws IOException {
        Path file = dir.resolve("report.html");
        HtmlReport report = new HtmlReport(ReportMatrix.of(results, versions), cross, previous, Instant.now());
        BenchSection.find(dir).ifPresent(b -> report.withBench(BenchSection.render(b)));
        String page = report.render();
        Files.writeString(file, page, StandardCharsets.UTF_8);
        return file;
    }

    /** Adds the performance section (from bench.json) after the matrix. */
    public HtmlReport withBench(String sectionHtml) {
        this.benchHtml = sectionHtml;
        return this;
    }

    /** The anchor of a cell's details. */
    public static String detailsId(String test, String fmt, String impl) {
        return "d-" + test + "-" + fmt + "-" + TestCase.safeImpl(impl).replace('.', '_');
    }

    static String goldenId(String test, String fmt) {
        return "g-" + test + "-" + fmt;
    }

    public String render() {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>jiotests conformance report</title>\n<style>").append(CSS).append("</style></head>\n");
        int total = 0;
        int bad = 0;
        for (TestInfo row : matrix.rows()) {
            for (Column c : matrix.columns()) {
                Optional<JudgedResult> j = matrix.cell(row, c);
                if (j.isPresent()) {
                    total++;
                    bad += j.get().verdict().ok() ? 0 : 1;
                }
            }
        }
        long crossBad = cross.stream().filter(CrossCheck::unexpected).count();
        h.append("<body data-cells=\"").append(total).append("\">\n<header><h1>jiotests conformance report</h1>\n<p>")
                .append(esc(generated.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace("T", " ").replace("Z", " UTC"))).append(" &middot; ").append(matrix.rows().size()).append(" tests &middot; ")
                .append(matrix.columns().size()).append(" columns &middot; ").append(total).append(" test cases &middot; ");
        if (bad == 0 && crossBad == 0) {
            h.append("<span class=\"okrun\">every outcome as expected</span>");
        } else {
            h.append("<span class=\"badrun\">").append(bad).append(" unexpected outcome").append(bad == 1 ? "" : "s")
                    .append(crossBad > 0 ? ", " + crossBad + " unexpected output difference" + (crossBad == 1 ? "" : "s") : "")
                    .append("</span>");
        }
        h.append("</p></header>\n");
        summary();
        trend();
        table();
        h.append(benchHtml);
        details();
        goldens();
        h.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private void summary() {
        h.append("<section id=\"summary\"><h2>Summary</h2>\n<div class=\"bars\">\n");
        for (Column c : matrix.columns()) {
            Map<CellKind, Integer> n = matrix.counts(c);
            int total = n.values().stream().mapToInt(Integer::intValue).sum();
            int pass = n.get(CellKind.PASS);
            h.append("<div class=\"colsum\" data-column=\"").append(esc(c.key())).append("\"><div class=\"colname\">")
                    .append(esc(c.impl())).append(" &middot; ").append(esc(c.fmt())).append(" &middot; ")
                    .append(esc(versionLabel(c))).append("</div><div class=\"bar\">");
            for (CellKind k : CellKind.values()) {
                int v = n.get(k);
                if (v > 0) {
                    h.append("<span class=\"seg ").append(k.css()).append("\" style=\"width:")
                            .append(String.format(Locale.ROOT, "%.2f", 100.0 * v / total)).append("%\" title=\"")
                            .append(v).append(' ').append(k.label()).append("\"></span>");
                }
            }
            h.append("</div><div class=\"ratio\">").append(pass).append('/').append(total).append(" pass (")
                    .append(total == 0 ? "0" : String.format(Locale.ROOT, "%.0f", 100.0 * pass / total)).append("%)");
            for (CellKind k : List.of(CellKind.EXPECTED_FAIL, CellKind.FAIL, CellKind.NOT_RUN)) {
                if (n.get(k) > 0) {
                    h.append(" &middot; ").append(n.get(k)).append(' ').append(k.label());
                }
            }
            previous.ifPresent(p -> {
                int[] before = ReportMatrix.previousCounts(p, c);
                if (before[1] > 0) {
                    int d = pass - before[0];
                    h.append(" <span class=\"delta ").append(d > 0 ? "up" : d < 0 ? "down" : "same").append("\">")
                            .append(d > 0 ? "+" + d : d < 0 ? "\u2212" + (-d) : "\u00b10").append(" vs previous (")
                            .append(before[0]).append('/').append(before[1]).append(")</span>");
                }
            });
            h.append("</div></div>\n");
        }
        h.append("</div></section>\n");
    }

    private void trend() {
        h.append("<section id=\"trend\"><h2>Trend</h2>\n");
        if (previous.isEmpty()) {
            h.append("<p>No previous run found (results.json in this directory or a sibling run directory).</p></section>\n");
            return;
        }
        PreviousRun p = previous.get();
        List<String[]> changes = matrix.changesSince(p);
        h.append("<p>Compared with the run of ").append(esc(p.generated())).append(" (").append(esc(p.source().toString()))
                .append("): ").append(changes.size()).append(" cell").append(changes.size() == 1 ? "" : "s")
                .append(" changed.</p>\n");
        if (!changes.isEmpty()) {
            h.append("<table class=\"changes\"><tr><th>test</th><th>implementation</th><th>format</th><th>before</th><th>now</th></tr>\n");
            for (String[] c : changes) {
                h.append("<tr><td><a href=\"#").append(detailsId(c[0], c[2], c[1])).append("\">").append(c[0])
                        .append("</a></td><td>").append(esc(c[1])).append("</td><td>").append(esc(c[2])).append("</td><td>")
                        .append(c[3].isEmpty() ? "<i>absent</i>" : esc(c[3])).append("</td><td>").append(esc(c[4]))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</section>\n");
    }

    private void table() {
        h.append("<section><h2>Matrix</h2>\n<table id=\"matrix\"><thead><tr><th>test</th><th>title</th><th>groups</th>");
        for (Column c : matrix.columns()) {
            h.append("<th class=\"col\" data-column=\"").append(esc(c.key())).append("\">").append(esc(c.impl()))
                    .append("<br>").append(esc(c.fmt())).append("<br><small>").append(esc(versionLabel(c)))
                    .append("</small></th>");
        }
        h.append("<th>agreement between implementations</th></tr></thead>\n<tbody>\n");
        for (TestInfo row : matrix.rows()) {
            h.append("<tr id=\"t-").append(row.id()).append("\"><th>").append(row.id()).append("</th><td class=\"title\">")
                    .append(esc(row.title())).append("</td><td class=\"groups\">").append(esc(String.join(" ", row.groups())))
                    .append("</td>");
            for (Column c : matrix.columns()) {
                Optional<JudgedResult> j = matrix.cell(row, c);
                if (j.isEmpty()) {
                    h.append("<td class=\"cell na\" title=\"not scheduled\">&ndash;</td>");
                    continue;
                }
                CellKind k = CellKind.of(j.get().verdict());
                h.append("<td class=\"cell ").append(k.css()).append("\"><a href=\"#")
                        .append(detailsId(row.id(), c.fmt(), c.impl())).append("\" title=\"")
                        .append(esc(tooltip(j.get()))).append("\">").append(esc(j.get().verdict().label())).append("</a></td>");
            }
            String agreement = Agreement.of(row.id(), cross);
            h.append("<td class=\"agree").append(agreement.contains("UNEXPECTED") ? " xbad" : "").append("\">")
                    .append(agreement.isEmpty() ? "&ndash;" : esc(agreement)).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    /** "QEMU 7.2.22" for a reference, "vs golden" for an implementation judged against golden outputs. */
    static String versionLabel(Column c) {
        return c.version().equals("golden") ? "vs golden" : "QEMU " + c.version();
    }

    private static String tooltip(JudgedResult j) {
        String r = j.result().reason();
        String e = j.expectation();
        return (r.isEmpty() ? "" : r) + (e.isEmpty() ? "" : (r.isEmpty() ? "" : " / ") + "expected: " + e);
    }

    private void details() {
        h.append("<section id=\"details\"><h2>Details</h2>\n");
        for (TestInfo row : matrix.rows()) {
            for (Column c : matrix.columns()) {
                matrix.cell(row, c).ifPresent(j -> cellDetails(row, c, j));
            }
        }
        h.append("</section>\n");
    }

    private void cellDetails(TestInfo row, Column c, JudgedResult j) {
        CaseResult r = j.result();
        CellKind k = CellKind.of(j.verdict());
        h.append("<details id=\"").append(detailsId(row.id(), c.fmt(), c.impl())).append("\" class=\"case ").append(k.css())
                .append('"').append(k == CellKind.FAIL ? " open" : "").append("><summary><b>").append(row.id()).append(' ')
                .append(esc(c.fmt())).append(' ').append(esc(c.impl())).append("</b> &mdash; ").append(esc(j.verdict().label()));
        if (!r.reason().isEmpty()) {
            h.append(": ").append(esc(r.reason()));
        }
        h.append(String.format(Locale.ROOT, " <small>(%.2f s)</small></summary>\n<div class=\"body\">", r.time().toNanos() / 1e9));
        if (!j.expectation().isEmpty()) {
            h.append("<p>Expectation: ").append(esc(j.expectation())).append("</p>");
        }
        String id = detailsId(row.id(), c.fmt(), c.impl());
        jumps(row, c, r, id);
        if (!r.diff().isEmpty()) {
            h.append("<h4 id=\"").append(id).append("-diff\">Unified diff (golden &rarr; output)</h4>");
            diff(r.diff());
        } else if (k != CellKind.NOT_RUN) {
            h.append("<p class=\"same\">Output identical to golden.</p>");
        }
        images(row, c, r, id);
        if (!r.output().isEmpty()) {
            h.append("<h4 id=\"").append(id).append("-out\">Filtered output</h4><pre class=\"out\">")
                    .append(esc(cap(r.output()))).append("</pre>");
        }
        if (!r.commands().isEmpty()) {
            h.append("<h4 id=\"").append(id).append("-cmds\">Commands</h4><pre class=\"cmds\">")
                    .append(esc(cap(String.join("\n", r.commands())))).append("</pre>");
        }
        h.append("</div></details>\n");
    }

    /** The line of in-page links of a cell's details: diff, golden file, image comparison, output, commands. */
    private void jumps(TestInfo row, Column c, CaseResult r, String id) {
        h.append("<p class=\"jump\">");
        String sep = "";
        if (!r.diff().isEmpty()) {
            h.append("<a href=\"#").append(id).append("-diff\">unified diff</a>");
            sep = " &middot; ";
        }
        if (r.golden() != null) {
            h.append(sep).append("golden ");
            if (Files.isRegularFile(r.golden())) {
                h.append("<a href=\"#").append(goldenId(row.id(), c.fmt())).append("\">")
                        .append(esc(r.golden().getFileName().toString())).append("</a>");
            } else {
                h.append(esc(r.golden().getFileName().toString())).append(" (missing)");
            }
            sep = " &middot; ";
        }
        if (!crossChecks(row, c).isEmpty() || !r.checkpoints().isEmpty()) {
            h.append(sep).append("<a href=\"#").append(id).append("-img\">image comparison</a>");
            sep = " &middot; ";
        }
        if (!r.output().isEmpty()) {
            h.append(sep).append("<a href=\"#").append(id).append("-out\">filtered output</a>");
            sep = " &middot; ";
        }
        if (!r.commands().isEmpty()) {
            h.append(sep).append("<a href=\"#").append(id).append("-cmds\">commands</a>");
        }
        h.append("</p>");
    }

    private List<CrossCheck> crossChecks(TestInfo row, Column c) {
        return cross.stream().filter(x -> x.test().equals(row.id()) && x.fmt().equals(c.fmt())
                && (x.left().equals(c.impl()) || x.right().equals(c.impl()))).toList();
    }

    private void images(TestInfo row, Column c, CaseResult r, String id) {
        List<CrossCheck> mine = crossChecks(row, c);
        if (mine.isEmpty() && r.checkpoints().isEmpty()) {
            return;
        }
        h.append("<h4 id=\"").append(id).append("-img\">Image comparison</h4>");
        for (CrossCheck x : mine) {
            String other = x.left().equals(c.impl()) ? x.right() : x.left();
            h.append("<p class=\"").append(x.unexpected() ? "xbad" : x.differs() ? "xdiff" : "xsame").append("\">vs ")
                    .append(esc(other)).append(": ").append(x.diff().isEmpty() ? "outputs identical" : "outputs differ");
            if (!x.images().isEmpty()) {
                long held = x.images().stream().filter(ImageMatch::holds).count();
                h.append(", ").append(held).append(" of ").append(x.images().size()).append(" checkpoint image")
                        .append(x.images().size() == 1 ? "" : "s").append(" at the required level");
            }
            h.append(x.unexpected() ? " (unexpected: both match golden)" : "").append("</p>");
            if (!x.images().isEmpty()) {
                imageMatches(x.images());
            }
            List<String> notes = x.imageNotes().stream().filter(n -> !n.startsWith("checkpoint '")).toList();
            if (!notes.isEmpty()) {
                h.append("<ul class=\"notes\">");
                notes.forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
                h.append("</ul>");
            }
            if (!x.diff().isEmpty() && x.right().equals(c.impl())) {
                diff(x.diff());
            }
        }
        if (!r.checkpoints().isEmpty()) {
            h.append("<table class=\"ckpt\"><tr><th>checkpoint</th><th>image</th><th>size</th><th>sha256</th></tr>");
            for (Checkpoint cp : r.checkpoints()) {
                for (Checkpoint.Image im : cp.images()) {
                    h.append("<tr><td>").append(esc(cp.label())).append("</td><td>").append(esc(im.name())).append("</td><td>")
                            .append(im.size()).append("</td><td><code>").append(esc(im.sha256())).append("</code></td></tr>");
                }
            }
            h.append("</table>");
        }
    }

    /** One row per checkpoint image: required level, level reached, first differing byte and its field. */
    private void imageMatches(List<ImageMatch> matches) {
        h.append("<table class=\"imgcmp\"><tr><th>checkpoint</th><th>image</th><th>required</th><th>level reached</th>")
                .append("<th>first differing byte</th><th>field</th><th>comparisons</th></tr>");
        for (ImageMatch m : matches) {
            h.append("<tr class=\"").append(m.holds() ? "held" : "broken").append("\"><td>").append(esc(m.checkpoint()))
                    .append("</td><td>").append(esc(m.image())).append("</td><td>").append(esc(m.required()))
                    .append("</td><td class=\"reached\">").append(esc(m.reached())).append("</td><td>")
                    .append(m.firstDiff() < 0 ? "&ndash;" : String.format(Locale.ROOT, "%d (0x%x)", m.firstDiff(), m.firstDiff()))
                    .append("</td><td>").append(m.field().isEmpty() ? "&ndash;" : "<code>" + esc(m.field()) + "</code>")
                    .append("</td><td><ul class=\"levels\">");
            m.levels().forEach(l -> h.append("<li>").append(esc(l)).append("</li>"));
            h.append("</ul></td></tr>");
        }
        h.append("</table>");
    }

    private void diff(String diff) {
        h.append("<pre class=\"diff\">");
        for (String line : cap(diff).lines().toList()) {
            String cls = line.startsWith("+++") || line.startsWith("---") ? "dh"
                    : line.startsWith("@@") ? "dr" : line.startsWith("+") ? "da" : line.startsWith("-") ? "dd" : "dc";
            h.append("<span class=\"").append(cls).append("\">").append(esc(line)).append("</span>\n");
        }
        h.append("</pre>");
    }

    private void goldens() {
        Map<String, Path> files = new LinkedHashMap<>();
        for (TestInfo row : matrix.rows()) {
            for (Column c : matrix.columns()) {
                matrix.cell(row, c).map(j -> j.result().golden()).filter(Files::isRegularFile)
                        .ifPresent(g -> files.putIfAbsent(goldenId(row.id(), c.fmt()), g));
            }
        }
        h.append("<section id=\"goldens\"><h2>Golden outputs</h2>\n");
        for (Map.Entry<String, Path> e : files.entrySet()) {
            String text;
            try {
                text = Files.readString(e.getValue(), StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException x) {
                text = "(unreadable: " + x.getMessage() + ")";
            }
            h.append("<details id=\"").append(e.getKey()).append("\"><summary>").append(esc(e.getValue().getFileName().toString()))
                    .append("</summary><pre class=\"out\">").append(esc(cap(text))).append("</pre></details>\n");
        }
        h.append("</section>\n");
    }

    static String cap(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "\n[... " + (s.length() - MAX_TEXT) + " more characters cut]";
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.2em 2em;color:#1d232a;background:#fff}
            h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .5em;border-bottom:1px solid #dde}
            h4{margin:.8em 0 .3em;font-size:.95em}
            .okrun{color:#17692c;font-weight:600}.badrun{color:#b3261e;font-weight:600}
            .bars{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.6em 1.4em}
            .colname{font-weight:600}.ratio{font-size:.9em;color:#444}
            .bar{display:flex;height:14px;border-radius:3px;overflow:hidden;background:#eee;margin:.2em 0}
            .seg{display:block;height:100%}
            .seg.pass,.cell.pass{background:#c9f0d2}.seg.fail,.cell.fail{background:#f9c7c2}
            .seg.xfail,.cell.xfail{background:#fbe5b0}.seg.notrun,.cell.notrun{background:#e3e5e8}
            .seg.pass{background:#2e9e4f}.seg.fail{background:#d4443a}.seg.xfail{background:#e0a526}.seg.notrun{background:#a9afb7}
            .delta.up{color:#17692c}.delta.down{color:#b3261e}.delta.same{color:#666}
            table{border-collapse:collapse}#matrix th,#matrix td,.changes td,.changes th,.ckpt td,.ckpt th,.imgcmp td,.imgcmp th{border:1px solid #d5d9de;padding:3px 7px}
            .imgcmp{margin:.3em 0}.imgcmp tr.held td.reached{background:#dcf5e2}.imgcmp tr.broken td.reached{background:#fcdcd8}
            .imgcmp ul.levels{margin:0;padding-left:1.1em;font-size:.85em}
            #matrix thead th{background:#f3f5f7;position:sticky;top:0;font-size:.9em}
            #matrix td.title{max-width:28em}#matrix td.agree{font-size:.85em;max-width:36em}#matrix td.groups{color:#666;font-size:.85em}
            .cell{text-align:center;white-space:nowrap}.cell a{color:inherit;text-decoration:none;display:block}
            .cell.na{color:#aaa}
            details.case{border:1px solid #d5d9de;border-left:6px solid #a9afb7;margin:.4em 0;border-radius:3px}
            details.case.pass{border-left-color:#2e9e4f}details.case.fail{border-left-color:#d4443a}
            details.case.xfail{border-left-color:#e0a526}
            details>summary{cursor:pointer;padding:.3em .6em}details .body{padding:0 .8em .6em}
            :target{outline:3px solid #3b6fd4}.jump{font-size:.9em;color:#444}
            pre{background:#f7f8fa;border:1px solid #e3e6ea;padding:.5em;overflow:auto;max-height:32em;font-size:12.5px}
            .diff .da{color:#17692c;background:#e6f6ea}.diff .dd{color:#b3261e;background:#fdeceb}
            .diff .dr{color:#3b6fd4}.diff .dh{color:#666;font-weight:600}
            table.bench td,table.bench th{border:1px solid #d5d9de;padding:3px 7px}table.bench td{text-align:right}
            table.bench td:first-child,table.bench td:last-child{text-align:left}
            table.bench tr.fast td:nth-child(4){background:#c9f0d2}table.bench tr.slow td:nth-child(4){background:#f9c7c2}
            .xbad{color:#b3261e}.xdiff{color:#8a5a00}.xsame{color:#17692c}.same{color:#17692c}
            """;

    private static final String SCRIPT = """
            (function(){
              function openTarget(){var id=location.hash.slice(1);if(!id)return;var e=document.getElementById(id);
                for(var p=e;p;p=p.parentElement){if(p.tagName==='DETAILS'){p.open=true;p.setAttribute('data-opened-by','hash');}}
                if(e)e.scrollIntoView();}
              window.addEventListener('hashchange',openTarget);openTarget();
              var rows=document.querySelectorAll('#matrix tbody tr').length;
              var fails=document.querySelectorAll('#matrix td.cell.fail').length;
              document.body.setAttribute('data-rendered','rows='+rows+' fails='+fails);
            })();
            """;
}
