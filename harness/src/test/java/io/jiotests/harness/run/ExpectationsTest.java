package io.jiotests.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    private final Expectations exp = Expectations.parse(List.of(
            "# comment",
            "",
            "001 engine: qcow2 driver not landed yet",
            "001.raw not run: needs something",
            "005.qcow2 refcount rebuild missing"), "test");

    @Test
    void formatSpecificEntryWinsOverGeneralOne() {
        assertThat(exp.lookup(1, "raw")).get().extracting(Expectations.Entry::expected).isEqualTo(Outcome.NOT_RUN);
        assertThat(exp.lookup(1, "qcow2")).get().extracting(Expectations.Entry::expected).isEqualTo(Outcome.FAIL);
        assertThat(exp.lookup(5, "raw")).isEmpty();
    }

    @Test
    void everyVerdict() {
        assertThat(exp.judge(2, "raw", Outcome.PASS)).isEqualTo(Verdict.PASS);
        assertThat(exp.judge(2, "raw", Outcome.FAIL)).isEqualTo(Verdict.FAIL);
        assertThat(exp.judge(2, "raw", Outcome.NOT_RUN)).isEqualTo(Verdict.UNEXPECTED_NOT_RUN);
        assertThat(exp.judge(1, "qcow2", Outcome.FAIL)).isEqualTo(Verdict.EXPECTED_FAIL);
        assertThat(exp.judge(1, "qcow2", Outcome.PASS)).isEqualTo(Verdict.UNEXPECTED_PASS);
        assertThat(exp.judge(1, "raw", Outcome.NOT_RUN)).isEqualTo(Verdict.NOT_RUN);
        assertThat(exp.judge(1, "raw", Outcome.FAIL)).isEqualTo(Verdict.FAIL);
        assertThat(Verdict.UNEXPECTED_PASS.ok()).isFalse();
        assertThat(Verdict.EXPECTED_FAIL.ok()).isTrue();
    }

    @Test
    void malformedAndDuplicateLinesAreErrors() {
        assertThatThrownBy(() -> Expectations.parse(List.of("1 x"), "f")).hasMessageContaining("f:1");
        assertThatThrownBy(() -> Expectations.parse(List.of("001"), "f")).hasMessageContaining("NNN[.fmt] reason");
        assertThatThrownBy(() -> Expectations.parse(List.of("001 a", "001 b"), "f")).hasMessageContaining("duplicate");
    }

    @Test
    void implNamesBecomeSafeFileNames() {
        assertThat(Expectations.fileFor(java.nio.file.Path.of("x"), "qemu-container:10.0").toString())
                .isEqualTo("x/qemu-container_10.0.txt");
    }

    @Test
    void renderingASubsetKeepsTheOtherTestsEntriesAndDropsFixedOnes() {
        TestInfo t1 = new TestInfo(1, "one", List.of("auto"), List.of("generic"), List.of("file"), List.of(), null);
        CaseResult passed = new CaseResult(new TestCase(t1, "qcow2", "file", "java"), Outcome.PASS, "", "", null, "",
                java.time.Duration.ZERO, List.of(), List.of(), null);
        CaseResult failed = new CaseResult(new TestCase(t1, "raw", "file", "java"), Outcome.FAIL, "new reason", "", null, "x",
                java.time.Duration.ZERO, List.of(), List.of(), null);
        String text = Expectations.render("java", List.of(passed, failed), exp);
        Expectations back = Expectations.parse(text.lines().toList(), "rendered");
        assertThat(back.entries().keySet()).containsExactly("001.raw", "005.qcow2");
        assertThat(back.lookup(1, "raw")).get().extracting(Expectations.Entry::reason).isEqualTo("new reason");
        assertThat(back.lookup(5, "qcow2")).get().extracting(Expectations.Entry::reason).isEqualTo("refcount rebuild missing");
    }
}
