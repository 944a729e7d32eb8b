package io.jiotests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.harness.backend.QemuBackend;
import io.jiotests.harness.run.RepoLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./check end to end, on the real catalog, with golden copies in a temp directory. */
class CheckIntegrationTest {

    @TempDir
    Path tmp;

    private final RepoLayout repo = RepoLayout.locate();
    private final Map<String, String> env = System.getenv();

    private record Run(int rc, String out, String err) {
    }

    private Run check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Check.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, repo);
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void requireQemu() {
        boolean present = QemuBackend.hostHasQemuImg(System.getenv());
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("qemu-img is required under CI=true (install qemu-utils: bash .ci/setup)");
        }
        Assumptions.assumeTrue(present, "qemu-img not on PATH: reference checks cannot run here");
    }

    private Path copyGolden() throws IOException {
        Path g = tmp.resolve("golden");
        Files.createDirectories(g);
        try (var s = Files.list(repo.golden())) {
            for (Path p : s.toList()) {
                Files.copy(p, g.resolve(p.getFileName()));
            }
        }
        return g;
    }

    @Test
    void dryRunListsCasesWithoutRunningThem() {
        Run r = check("-n", "001-002", "--impl", "qemu", "--impl", "java");
        assertThat(r.rc()).isZero();
        assertThat(r.out()).contains("001 raw    qemu", "001 qcow2  java", "002 qcow2  qemu").contains("8 test cases");
    }

    @Test
    void updateGoldenIsRefusedForJavaBackends() {
        Run r = check("--impl", "java", "--update-golden", "001", "--work", tmp.resolve("w").toString());
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("refusing --update-golden from 'java'");
    }

    @Test
    void referencePassesAgainstGolden() {
        requireQemu();
        Run r = check("--impl", "qemu", "001-003", "--report", tmp.resolve("reports").toString(),
                "--work", tmp.resolve("w").toString());
        assertThat(r.rc()).as(r.out()).isZero();
        assertThat(r.out()).contains("Passed all 6 tests");
        assertThat(tmp.resolve("reports/results.json")).content().contains("\"verdict\": \"pass\"");
        assertThat(tmp.resolve("reports/junit/TEST-jiotests.qemu.xml")).content().contains("tests=\"6\" failures=\"0\"");
        assertThat(tmp.resolve("reports/results.tap")).content().startsWith("TAP version 13\n1..6\nok 1 001 raw qemu");
    }

    @Test
    void aBrokenGoldenLineFailsWithAReadableDiff() throws IOException {
        requireQemu();
        Path golden = copyGolden();
        Path file = golden.resolve("002.out");
        List<String> lines = Files.readAllLines(file);
        int idx = lines.indexOf("=== write patterns, read them back ===");
        assertThat(idx).isPositive();
        lines.set(idx, "=== this line was broken on purpose ===");
        Files.write(file, lines);
        Path reports = tmp.resolve("reports");
        Run r = check("--impl", "qemu", "-raw", "002", "--golden", golden.toString(), "--report", reports.toString(),
                "--work", tmp.resolve("w").toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out())
                .contains("002 raw    qemu         fail (output differs: expected '=== this line was broken on purpose ===', "
                        + "got '=== write patterns, read them back ===')")
                .contains("+++ 002.out.bad")
                .contains("    -=== this line was broken on purpose ===\n    +=== write patterns, read them back ===\n")
                .contains("Failures: 002.raw/qemu");
        Path bad = reports.resolve("cases/qemu/raw/002.out.bad");
        assertThat(bad).exists().content().contains("=== write patterns, read them back ===");
        assertThat(reports.resolve("cases/qemu/raw/002.diff")).exists();
        assertThat(reports.resolve("results.json")).content().contains("\"verdict\": \"fail\"").contains("002.out.bad");
        assertThat(reports.resolve("junit/TEST-jiotests.qemu.xml")).content().contains("<failure message=\"fail: output differs");
        assertThat(golden.resolve("002.out.bad")).doesNotExist();
        // the HTML report of the run: the failing cell links to its open details, which show the diff
        String html = Files.readString(reports.resolve("report.html"));
        assertThat(html).contains("<td class=\"cell fail\"><a href=\"#d-002-raw-qemu\"")
                .contains("<details id=\"d-002-raw-qemu\" class=\"case fail\" open>")
                .contains("<span class=\"dd\">-=== this line was broken on purpose ===</span>")
                .contains("<span class=\"da\">+=== write patterns, read them back ===</span>");
    }

    @Test
    void expectationsTurnAKnownFailureIntoAPassingRunAndAFixedOneIntoAnUnexpectedPass() throws IOException {
        requireQemu();
        Path golden = copyGolden();
        Files.writeString(golden.resolve("003.out"), "not what qemu prints\n");
        Path exp = tmp.resolve("exp");
        Files.createDirectories(exp);
        Files.writeString(exp.resolve("qemu.txt"), "003 golden deliberately wrong in this test\n001.raw listed although it passes\n");
        Run r = check("--impl", "qemu", "-raw", "001", "003", "--golden", golden.toString(), "--expectations", exp.toString(),
                "--report", tmp.resolve("reports").toString(), "--work", tmp.resolve("w").toString());
        assertThat(r.out()).contains("003 raw    qemu         expected fail (golden deliberately wrong in this test)")
                .contains("001 raw    qemu         unexpected pass (listed: listed although it passes)");
        assertThat(r.rc()).isEqualTo(1);
        Files.writeString(exp.resolve("qemu.txt"), "003 golden deliberately wrong in this test\n");
        Run ok = check("--impl", "qemu", "-raw", "001", "003", "--golden", golden.toString(), "--expectations", exp.toString(),
                "--report", tmp.resolve("reports").toString(), "--work", tmp.resolve("w").toString());
        assertThat(ok.rc()).as(ok.out()).isZero();
    }
}
