package io.jiotests.harness.report;

import io.jiotests.harness.run.CrossCheck;
import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.TestCase;
import java.util.List;

/** TAP version 13 output: one test point per case, and one per unexpected cross difference. */
final class Tap {

    private Tap() {
    }

    static String render(List<JudgedResult> results, List<CrossCheck> cross) {
        List<CrossCheck> bad = cross.stream().filter(CrossCheck::unexpected).toList();
        StringBuilder sb = new StringBuilder("TAP version 13\n");
        sb.append("1..").append(results.size() + bad.size()).append('\n');
        int n = 0;
        for (JudgedResult j : results) {
            n++;
            TestCase tc = j.testCase();
            String name = tc.test().id() + " " + tc.fmt() + " " + tc.impl() + " - " + tc.test().title();
            String line = switch (j.verdict()) {
                case PASS -> "ok " + n + " " + name;
                case NOT_RUN -> "ok " + n + " " + name + " # SKIP " + j.result().reason();
                case EXPECTED_FAIL -> "not ok " + n + " " + name + " # TODO expected fail: " + j.expectation();
                case FAIL -> "not ok " + n + " " + name;
                case UNEXPECTED_PASS -> "not ok " + n + " " + name + " (unexpected pass; listed as: " + j.expectation() + ")";
                case UNEXPECTED_NOT_RUN -> "not ok " + n + " " + name + " (unexpected not run: " + j.result().reason() + ")";
            };
            sb.append(line.replace('\n', ' ')).append('\n');
            if (!j.verdict().ok()) {
                sb.append("  ---\n  message: ").append(Json.str(j.result().reason())).append('\n');
                if (!j.result().diff().isEmpty()) {
                    sb.append("  diff: |\n");
                    for (String l : j.result().diff().lines().toList()) {
                        sb.append("    ").append(l).append('\n');
                    }
                }
                sb.append("  ...\n");
            }
        }
        for (CrossCheck c : bad) {
            n++;
            sb.append("not ok ").append(n).append(' ').append(c.test()).append(' ').append(c.fmt()).append(' ')
                    .append(c.left()).append(" vs ").append(c.right()).append(" - outputs differ\n");
        }
        return sb.toString();
    }
}
