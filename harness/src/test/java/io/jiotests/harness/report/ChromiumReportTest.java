package io.jiotests.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jiotests.harness.backend.ProcessRunner;
import io.jiotests.harness.run.JudgedResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the HTML report as a person would: headless Chromium renders it, runs its script, and the
 * test checks what the browser made of it (DOM after rendering, and the pixels of a screenshot).
 * Under CI=true a missing Chromium fails; elsewhere the test is reported as not run, with the reason.
 */
class ChromiumReportTest {

    @TempDir
    Path dir;
    private Path chromium;
    private Path page;

    @BeforeEach
    void setUp() throws Exception {
        Optional<Path> exe = findChromium();
        if (exe.isEmpty()) {
            String why = "chromium not installed (apt-get install -y chromium, or set CHROMIUM)";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and " + why);
            }
            Assumptions.abort("not run: " + why);
        }
        chromium = exe.get();
        List<JudgedResult> results = ReportFixtures.results(dir.resolve("golden"));
        page = HtmlReport.write(Files.createDirectories(dir.resolve("report")), results, ReportFixtures.cross(results),
                Optional.empty(), ReportFixtures.versions());
    }

    static Optional<Path> findChromium() {
        var env = System.getenv();
        String given = env.get("CHROMIUM");
        if (given != null && !given.isBlank()) {
            return ProcessRunner.findExecutable(given, env);
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            Optional<Path> p = ProcessRunner.findExecutable(name, env);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private String browse(String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(List.of(extra));
        Path log = dir.resolve("chromium.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(log.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 90 s");
        }
        assertThat(p.exitValue()).as("chromium exit code; stderr: %s", Files.readString(log)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void browserShowsTheMatrixAndOpensAFailuresDiff() throws Exception {
        String failing = HtmlReport.detailsId("002", "raw", "java");
        String dom = browse("--dump-dom", page.toUri() + "#" + failing);
        // the page's script ran in the browser and counted the rendered matrix
        assertThat(dom).contains("data-rendered=\"rows=3 fails=1\"");
        // following a failing cell's link opens its details, which show the diff lines
        int at = dom.indexOf("id=\"" + failing + "\"");
        assertThat(at).isPositive();
        String det = dom.substring(at, dom.indexOf("</details>", at));
        assertThat(det).contains("data-opened-by=\"hash\"")
                .contains("+Pattern verification failed at offset 0, 512 bytes")
                .contains("-read 512/512 bytes at offset 0")
                // and the image comparison: level reached, first differing offset and its field
                .contains("<td class=\"reached\">metadata</td><td>4096 (0x1000)</td><td><code>data</code></td>");
        // the matrix the browser shows: one cell per verdict kind, each linking to its details
        assertThat(dom).contains("<td class=\"cell fail\"><a href=\"#" + failing + "\"")
                .contains("<td class=\"cell xfail\"><a href=\"#" + HtmlReport.detailsId("001", "raw", "java") + "\"")
                .contains("<td class=\"cell notrun\"><a href=\"#" + HtmlReport.detailsId("003", "qcow2", "java") + "\"");
    }

    @Test
    void followingALinkIntoClosedDetailsOpensThem() throws Exception {
        // 002 qcow2 java passed: its details are closed until a link points into them
        String passing = HtmlReport.detailsId("002", "qcow2", "java");
        String plain = browse("--dump-dom", page.toUri().toString());
        assertThat(plain).contains("<details id=\"" + passing + "\" class=\"case pass\"><summary>");
        String dom = browse("--dump-dom", page.toUri() + "#" + passing + "-img");
        int at = dom.indexOf("<details id=\"" + passing + "\"");
        assertThat(at).isPositive();
        assertThat(dom.substring(at, dom.indexOf(">", at))).contains("open=\"\"").contains("data-opened-by=\"hash\"");
    }

    @Test
    void screenshotShowsPassAndFailCells() throws Exception {
        Path png = dir.resolve("report.png");
        browse("--window-size=1200,900", "--screenshot=" + png, page.toUri().toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("screenshot decodes").isNotNull();
        assertThat(img.getWidth()).isEqualTo(1200);
        int passCells = 0;
        int failCells = 0;
        int bars = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                passCells += near(rgb, 0xc9f0d2) ? 1 : 0;
                failCells += near(rgb, 0xf9c7c2) ? 1 : 0;
                bars += near(rgb, 0x2e9e4f) ? 1 : 0;
            }
        }
        assertThat(passCells).as("pixels of pass cells").isGreaterThan(200);
        assertThat(failCells).as("pixels of the fail cell").isGreaterThan(50);
        assertThat(bars).as("pixels of the green summary bars").isGreaterThan(50);
    }

    private static boolean near(int rgb, int want) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xff) - ((want >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }
}
