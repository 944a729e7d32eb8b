package io.jiotests.harness.report;

import io.jiotests.harness.run.CaseResult;
import io.jiotests.harness.run.CrossCheck;
import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.Outcome;
import io.jiotests.harness.run.TestCase;
import io.jiotests.harness.run.Verdict;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The console output of ./check, in the style of QEMU's iotests. */
public final class ConsoleReporter {

    private final PrintStream out;
    private final boolean showCommands;

    public ConsoleReporter(PrintStream out, boolean showCommands) {
        this.out = out;
        this.showCommands = showCommands;
    }

    /** "NNN fmt impl" padded for one-line-per-test output. */
    static String caseColumns(TestCase tc) {
        return String.format(Locale.ROOT, "%s %-6s %-12s", tc.test().id(), tc.fmt(), tc.impl());
    }

    public void dryRun(List<TestCase> cases) {
        for (TestCase tc : cases) {
            out.println(caseColumns(tc) + " " + tc.test().title() + "  [" + String.join(" ", tc.test().groups()) + "]");
        }
        out.println(cases.size() + " test cases");
    }

    /** One line for a finished case, then the diff if it went wrong. */
    public void result(JudgedResult j) {
        CaseResult r = j.result();
        if (showCommands) {
            for (String c : r.commands()) {
                out.println("    $ " + c);
            }
        }
        String status = switch (j.verdict()) {
            case PASS -> "pass";
            case NOT_RUN, UNEXPECTED_NOT_RUN -> "[not run] " + r.reason();
            case EXPECTED_FAIL -> "expected fail (" + j.expectation() + ")";
            case FAIL -> "fail (" + r.reason() + ")";
            case UNEXPECTED_PASS -> "unexpected pass (listed: " + j.expectation() + ")";
        };
        if (j.verdict() == Verdict.UNEXPECTED_NOT_RUN) {
            status = "unexpected " + status;
        }
        out.printf(Locale.ROOT, "%s %-60s %6.2fs%n", caseColumns(r.testCase()), status, r.time().toNanos() / 1e9);
        if (j.verdict() == Verdict.FAIL && !r.diff().isEmpty()) {
            out.print(indent(r.diff()));
        }
    }

    public void crossCheck(CrossCheck c) {
        if (!c.differs()) {
            return;
        }
        out.printf(Locale.ROOT, "%s %-6s %s vs %s: %s%n", c.test(), c.fmt(), c.left(), c.right(),
                c.unexpected() ? "OUTPUTS OR IMAGES DIFFER although both match golden" : "differ (not a failure: " + explanation(c) + ")");
        for (String n : c.imageNotes()) {
            out.println("    " + n);
        }
        if (c.unexpected() && !c.diff().isEmpty()) {
            out.print(indent(c.diff()));
        }
    }

    /** Why a difference between two implementations does not fail the run. */
    static String explanation(CrossCheck c) {
        for (String n : c.imageNotes()) {
            if (n.startsWith("known difference")) {
                return "listed in image-differences.txt";
            }
            if (n.startsWith("listed in")) {
                return "listed in image-differences.txt, now agreeing";
            }
            if (n.startsWith("outputs differ as their golden files do")) {
                return "each matches its own golden file";
            }
        }
        if (CrossCheck.isReference(c.left()) && CrossCheck.isReference(c.right())) {
            return "two reference QEMUs";
        }
        return "an outcome other than pass";
    }

    private static String indent(String diff) {
        StringBuilder sb = new StringBuilder();
        for (String l : diff.lines().toList()) {
            sb.append("    ").append(l).append('\n');
        }
        return sb.toString();
    }

    /** The closing summary; returns whether the run passed. */
    public boolean summary(List<JudgedResult> results, List<CrossCheck> cross) {
        List<String> notRun = new ArrayList<>();
        List<String> expectedFail = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> unexpectedPass = new ArrayList<>();
        int ran = 0;
        for (JudgedResult j : results) {
            TestCase tc = j.testCase();
            String name = tc.test().id() + "." + tc.fmt() + "/" + tc.impl();
            if (j.result().outcome() != Outcome.NOT_RUN) {
                ran++;
            }
            switch (j.verdict()) {
                case PASS -> { }
                case NOT_RUN -> notRun.add(name);
                case UNEXPECTED_NOT_RUN -> {
                    notRun.add(name);
                    failures.add(name + "(not run)");
                }
                case EXPECTED_FAIL -> expectedFail.add(name);
                case FAIL -> failures.add(name);
                case UNEXPECTED_PASS -> unexpectedPass.add(name);
            }
        }
        for (CrossCheck c : cross) {
            if (c.unexpected()) {
                failures.add(c.test() + "." + c.fmt() + "/" + c.left() + "~" + c.right());
            }
        }
        if (!notRun.isEmpty()) {
            out.println("Not run: " + String.join(" ", notRun));
        }
        if (!expectedFail.isEmpty()) {
            out.println("Expected failures (" + expectedFail.size() + "): " + String.join(" ", expectedFail));
        }
        if (!unexpectedPass.isEmpty()) {
            out.println("Unexpected passes (remove them from the expectation file): " + String.join(" ", unexpectedPass));
        }
        if (!failures.isEmpty()) {
            out.println("Failures: " + String.join(" ", failures));
        }
        boolean ok = failures.isEmpty() && unexpectedPass.isEmpty();
        if (ok) {
            if (expectedFail.isEmpty()) {
                out.println("Passed all " + ran + " tests");
            } else {
                out.println("Passed: all " + ran + " tests as expected (" + (ran - expectedFail.size()) + " passed, "
                        + expectedFail.size() + " expected failures)");
            }
        } else {
            out.println("Failed " + (failures.size() + unexpectedPass.size()) + " of " + ran + " tests");
        }
        return ok;
    }
}
