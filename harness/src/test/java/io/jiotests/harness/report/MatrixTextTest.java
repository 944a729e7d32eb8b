package io.jiotests.harness.report;

import io.jiotests.harness.run.CrossCheck;
import io.jiotests.harness.run.JudgedResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** matrix.txt and the agreement column on the made-up run of {@link ReportFixtures}. */
class MatrixTextTest {
    @TempDir
    Path dir;

    @Test
    void oneRowPerTestAndFormatWithVerdictsAndAgreement() throws Exception {
        List<JudgedResult> results = ReportFixtures.results(dir.resolve("golden"));
        List<CrossCheck> cross = ReportFixtures.cross(results);
        String text = MatrixText.render(ReportMatrix.of(results, ReportFixtures.versions()), cross);
        List<String> lines = text.lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines.getFirst()).startsWith("test format").contains("qemu (?)", "java", "agreement");
        // qemu passes everything; java: 001 expected fail, 002 raw fails, 003 not run (expected)
        assertThat(lines).hasSize(1 + 5);
        assertThat(lines.get(1)).startsWith("001  raw        pass                expected fail")
                .endsWith("qemu \u2260 java (images: an outcome other than pass)");
        assertThat(lines.get(3)).startsWith("002  raw        pass                fail");
        // 002 qcow2: both pass, the checkpoint digests differ: the one unexpected difference
        assertThat(lines.get(4)).startsWith("002  qcow2      pass                pass")
                .endsWith("qemu \u2260 java (images: UNEXPECTED: both match golden)");
        // not run: no comparison
        assertThat(lines.get(5)).startsWith("003  qcow2      pass                not run").endsWith("  -");
    }

    @Test
    void agreeingImplementationsAreCounted() {
        CrossCheck same = new CrossCheck("002", "qcow2", "qemu", "java", "", List.of(), false);
        CrossCheck versions = new CrossCheck("002", "qcow2", "qemu-container:7.2", "qemu-container:10.0",
                "--- a\n+++ b\n", List.of(), false);
        assertThat(Agreement.of("002", "qcow2", List.of(same))).isEqualTo("all 2 agree");
        assertThat(Agreement.of("002", List.of(same, versions)))
                .isEqualTo("qcow2: qemu-container:7.2 \u2260 qemu-container:10.0 (output: two reference QEMUs); java = qemu");
    }
}
