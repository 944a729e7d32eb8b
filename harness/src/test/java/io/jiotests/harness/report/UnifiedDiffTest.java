package io.jiotests.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    @Test
    void equalTextsGiveNoDiff() {
        assertThat(UnifiedDiff.diff("a\nb\n", "a\nb\n", "x", "y", 3)).isEmpty();
    }

    @Test
    void oneChangedLineWithContext() {
        String a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String b = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n";
        assertThat(UnifiedDiff.diff(a, b, "golden/001.out", "001.out.bad", 3)).isEqualTo(
                "--- golden/001.out\n+++ 001.out.bad\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n");
    }

    @Test
    void insertionIntoEmptyAndDeletionToEmpty() {
        assertThat(UnifiedDiff.diff("", "x\ny\n", "a", "b", 3)).isEqualTo("--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n");
        assertThat(UnifiedDiff.diff("x\n", "", "a", "b", 3)).isEqualTo("--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n");
    }

    @Test
    void distantChangesGiveSeparateHunks() {
        StringBuilder a = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            a.append(i).append('\n');
        }
        String b = a.toString().replace("\n3\n", "\nthree\n").replace("\n27\n", "\ntwenty-seven\n");
        String d = UnifiedDiff.diff(a.toString(), b, "a", "b", 3);
        assertThat(d).contains("@@ -1,6 +1,6 @@").contains("@@ -24,7 +24,7 @@").contains("-3\n+three\n")
                .contains("-27\n+twenty-seven\n");
    }

    @Test
    void missingFinalNewlineIsShown() {
        assertThat(UnifiedDiff.diff("a\n", "a", "x", "y", 3)).contains("\\ No newline at end of file");
    }

    @Test
    void applyingTheDiffReproducesTheTarget() {
        String a = "keep\nold1\nold2\nkeep2\nsame\nsame\nsame\nsame\nsame\nsame\nsame\ntail\n";
        String b = "keep\nnew1\nkeep2\nsame\nsame\nsame\nsame\nsame\nsame\nsame\ntail\nextra\n";
        String d = UnifiedDiff.diff(a, b, "a", "b", 1);
        StringBuilder minus = new StringBuilder();
        StringBuilder plus = new StringBuilder();
        for (String l : d.lines().skip(2).toList()) {
            if (l.startsWith("-")) {
                minus.append(l.substring(1)).append('\n');
            } else if (l.startsWith("+")) {
                plus.append(l.substring(1)).append('\n');
            }
        }
        assertThat(minus.toString()).isEqualTo("old1\nold2\n");
        assertThat(plus.toString()).isEqualTo("new1\nextra\n");
    }
}
