package io.jiotests.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.harness.run.JudgedResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    private String render(Optional<PreviousRun> prev) throws Exception {
        List<JudgedResult> results = ReportFixtures.results(dir.resolve("golden"));
        ReportMatrix m = ReportMatrix.of(results, ReportFixtures.versions());
        return new HtmlReport(m, ReportFixtures.cross(results), prev, Instant.parse("2026-11-26T00:00:00Z")).render();
    }

    @Test
    void matrixHasOneRowPerTestAndOneColumnPerImplementationAndFormat() throws Exception {
        String html = render(Optional.empty());
        assertThat(count(html, "<tr id=\"t-")).isEqualTo(3);
        assertThat(count(html, "<th class=\"col\"")).isEqualTo(4);
        assertThat(html).contains("data-column=\"qemu|raw\"", "data-column=\"java|qcow2\"");
        // 003 is qcow2-only: its raw cells are "not scheduled"
        assertThat(count(html, "class=\"cell na\"")).isEqualTo(2);
        assertThat(html).contains("<small>vs golden</small>").contains("<small>QEMU ?</small>");
        // the last column: which implementations agree with each other, per format
        assertThat(html).contains("<th>agreement between implementations</th>");
        assertThat(count(html, "<td class=\"agree")).isEqualTo(3);
        assertThat(html).contains("<td class=\"agree xbad\">raw: qemu \u2260 java (images: an outcome other than pass); "
                + "qcow2: qemu \u2260 java (images: UNEXPECTED: both match golden)</td>");
    }

    @Test
    void cellsCarryTheirVerdictAndLinkToTheirDetails() throws Exception {
        String html = render(Optional.empty());
        String id = HtmlReport.detailsId("002", "raw", "java");
        assertThat(html).contains("<td class=\"cell fail\"><a href=\"#" + id + "\"");
        assertThat(html).contains("<details id=\"" + id + "\" class=\"case fail\" open>");
        assertThat(html).contains("<td class=\"cell xfail\"><a href=\"#" + HtmlReport.detailsId("001", "raw", "java") + "\"");
        assertThat(html).contains("<td class=\"cell notrun\"><a href=\"#" + HtmlReport.detailsId("003", "qcow2", "java") + "\"");
        // every link target exists exactly once
        Matcher a = Pattern.compile("href=\"#([^\"]+)\"").matcher(html);
        int links = 0;
        while (a.find()) {
            links++;
            assertThat(count(html, "id=\"" + a.group(1) + "\"")).as(a.group(1)).isEqualTo(1);
        }
        assertThat(links).isGreaterThanOrEqualTo(10);
    }

    @Test
    void failureDetailsShowTheColouredDiffGoldenAndImageComparison() throws Exception {
        String html = render(Optional.empty());
        int start = html.indexOf("<details id=\"" + HtmlReport.detailsId("002", "raw", "java") + "\"");
        String det = html.substring(start, html.indexOf("</details>", start));
        assertThat(det).contains("<span class=\"dd\">-read 512/512 bytes at offset 0</span>")
                .contains("<span class=\"da\">+Pattern verification failed at offset 0, 512 bytes</span>")
                .contains("<a href=\"#g-002-raw\">002.out</a>")
                .contains("<p class=\"jump\"><a href=\"#d-002-raw-java-diff\">unified diff</a> &middot; golden "
                        + "<a href=\"#g-002-raw\">002.out</a> &middot; <a href=\"#d-002-raw-java-img\">image comparison</a>"
                        + " &middot; <a href=\"#d-002-raw-java-out\">filtered output</a> &middot; "
                        + "<a href=\"#d-002-raw-java-cmds\">commands</a></p>")
                .contains("<h4 id=\"d-002-raw-java-diff\">Unified diff")
                .contains("vs qemu: outputs identical, 0 of 1 checkpoint image at the required level")
                .contains("<tr class=\"broken\"><td>after write</td><td>t.raw</td><td>bytes</td>"
                        + "<td class=\"reached\">metadata</td><td>4096 (0x1000)</td><td><code>data</code></td>")
                .contains("<li>guest-visible: pass - qemu-img compare: identical</li>");
        // 002 qcow2: the fixture's digests differ and no comparer ran: said so, not passed off as a level
        int q = html.indexOf("<details id=\"" + HtmlReport.detailsId("002", "qcow2", "java") + "\"");
        assertThat(html.substring(q, html.indexOf("</details>", q)))
                .contains("<td class=\"reached\">not compared</td><td>&ndash;</td><td>&ndash;</td>")
                .contains("<li>digests differ: qemu 1048576 bytes sha256 cd34, java 1048576 bytes sha256 ab12</li>");
        assertThat(html).contains("<details id=\"g-002-raw\"><summary>002.out</summary><pre class=\"out\">wrote 512/512");
    }

    @Test
    void pageIsSelfContained() throws Exception {
        String html = render(Optional.empty());
        // nothing for a browser to fetch: no scripts, styles, fonts or images from elsewhere
        assertThat(html).doesNotContainPattern("(?i)\\b(src|href)\\s*=\\s*\"(?!#)")
                .doesNotContainPattern("(?i)<link\\b|@import|url\\(|https?://|//fonts\\.");
        assertThat(count(html, "<style>")).isEqualTo(1);
        assertThat(count(html, "<script>")).isEqualTo(1);
    }

    @Test
    void textIsEscaped() throws Exception {
        String html = render(Optional.empty());
        assertThat(html).contains("create &lt;and&gt; info").contains("&lt;tag&gt; &amp; &quot;quotes&quot;")
                .doesNotContain("<tag>");
    }

    @Test
    void summaryBarsCountEachKind() throws Exception {
        String html = render(Optional.empty());
        assertThat(html).contains("0/2 pass (0%) &middot; 1 expected fail &middot; 1 fail")
                .contains("1/3 pass (33%) &middot; 1 expected fail &middot; 1 not run")
                .contains("3/3 pass (100%)</div>");
        assertThat(html).contains("<span class=\"seg xfail\" style=\"width:33.33%\" title=\"1 expected fail\">");
    }

    @Test
    void trendComparesWithThePreviousRun() throws Exception {
        Path prevJson = dir.resolve("prev/results.json");
        Files.createDirectories(prevJson.getParent());
        Files.writeString(prevJson, """
                {"generated": "2026-11-25T10:00:00Z", "results": [
                  {"test": "002", "impl": "java", "fmt": "raw", "verdict": "pass"},
                  {"test": "002", "impl": "java", "fmt": "qcow2", "verdict": "fail"},
                  {"test": "001", "impl": "qemu", "fmt": "raw", "verdict": "pass"}
                ]}""", StandardCharsets.UTF_8);
        Optional<PreviousRun> prev = PreviousRun.read(prevJson);
        assertThat(prev).isPresent();
        String html = render(prev);
        assertThat(html).contains("Compared with the run of 2026-11-25T10:00:00Z");
        // java raw: 1 pass before (002), 0 now
        assertThat(html).contains("<span class=\"delta down\">\u22121 vs previous (1/1)</span>");
        // java qcow2: 0 of 1 before, 1 pass now
        assertThat(html).contains("<span class=\"delta up\">+1 vs previous (0/1)</span>");
        assertThat(html).contains("<td>pass</td><td>fail</td>").contains("<td>fail</td><td>pass</td>");
    }

    @Test
    void previousRunIsFoundInTheSameOrASiblingDirectory() throws Exception {
        Path reports = dir.resolve("reports");
        Files.createDirectories(reports.resolve("a"));
        Files.writeString(reports.resolve("a/results.json"), "{\"generated\": \"A\", \"results\": []}");
        assertThat(PreviousRun.find(reports.resolve("b")).map(PreviousRun::generated)).contains("A");
        Files.createDirectories(reports.resolve("b"));
        Files.writeString(reports.resolve("b/results.json"), "{\"generated\": \"B\", \"results\": []}");
        assertThat(PreviousRun.find(reports.resolve("b")).map(PreviousRun::generated)).contains("B");
        Files.writeString(reports.resolve("b/results.json"), "{not json");
        assertThat(PreviousRun.find(reports.resolve("b")).map(PreviousRun::generated)).contains("A");
    }

    @Test
    void versionsComeFromTheImplementationName() {
        QemuVersions v = ReportFixtures.versions();
        assertThat(v.of("qemu-container:10.0")).isEqualTo("10.0");
        assertThat(v.of("java")).isEqualTo("golden");
        assertThat(v.of("qemu")).isEqualTo("?");
        assertThat(QemuVersions.parse("qemu-img version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)\n")).isEqualTo("7.2.22");
    }

    @Test
    void performanceSectionComesFromASiblingBenchJson() throws Exception {
        Path reports = dir.resolve("reports");
        Files.createDirectories(reports.resolve("bench"));
        Files.writeString(reports.resolve("bench/bench.json"), """
                {"generated": "2026-11-26T02:00:00Z", "runs": 5, "machine": {"cpus": 2, "cpu_model": "EPYC", "qemu": "7.2.22"},
                 "sides": {"qemu": "qemu-img", "java": "bin/jqemu-img"},
                 "workloads": [
                  {"name": "convert raw->qcow2", "ops": 0, "qemu": {"ok": true, "failure": "", "median_s": 1.0, "median_cpu_s": 0.6, "iops": null},
                   "java": {"ok": true, "failure": "", "median_s": 4.5, "median_cpu_s": 1.6, "iops": null}, "ratio": 4.5},
                  {"name": "bench raw 4k read d1 writeback", "ops": 100000, "qemu": {"ok": true, "failure": "", "median_s": 10.0, "median_cpu_s": 3.2, "iops": 10000},
                   "java": {"ok": true, "failure": "", "median_s": 2.5, "median_cpu_s": 0.6, "iops": 40000}, "ratio": 0.25},
                  {"name": "process start: info", "ops": 0, "qemu": {"ok": true, "failure": "", "median_s": 0.02, "median_cpu_s": 0.01, "iops": null},
                   "java": {"ok": false, "failure": "exit 127: <no launcher>", "median_s": null, "median_cpu_s": null, "iops": null}, "ratio": null}
                 ]}""");
        List<JudgedResult> results = ReportFixtures.results(dir.resolve("golden"));
        Path page = HtmlReport.write(Files.createDirectories(reports.resolve("run1")), results,
                ReportFixtures.cross(results), Optional.empty(), ReportFixtures.versions());
        String html = Files.readString(page);
        assertThat(html).contains("<section id=\"performance\">", "2 CPUs (EPYC), qemu-img 7.2.22")
                .contains("<tr class=\"slow\"><td>convert raw-&gt;qcow2</td><td>1.000</td><td>4.500</td><td>4.50</td><td>0.60 / 1.60</td>")
                .contains("<tr class=\"fast\"><td>bench raw 4k read d1 writeback</td>")
                .contains("<td>10000 / 40000</td>")
                .contains("<tr class=\"none\"><td>process start: info</td>")
                .contains("java not measured: exit 127: &lt;no launcher&gt;");
        assertThat(BenchSection.render(reports.resolve("run1/results.json"))).isEmpty();
    }

    static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
