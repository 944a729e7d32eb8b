package io.jiotests.harness.run;

/**
 * A result with its verdict against the expectation file.
 *
 * @param result      the raw result
 * @param verdict     how it compares with the expectation
 * @param expectation the expectation's reason, "" if the case was expected to pass
 */
public record JudgedResult(CaseResult result, Verdict verdict, String expectation) {

    public TestCase testCase() {
        return result.testCase();
    }

    public static JudgedResult judge(CaseResult r, Expectations exp) {
        return judge(r, exp, "true".equalsIgnoreCase(System.getenv("CI")));
    }

    /**
     * As {@link #judge(CaseResult, Expectations)}; a case not run because its implementation is
     * unavailable here (no Docker engine for a reference container, no qemu-img on the machine) is
     * "not run" with that reason, not a failure, except under CI ({@code underCi}) where everything
     * must run.
     */
    public static JudgedResult judge(CaseResult r, Expectations exp, boolean underCi) {
        TestCase tc = r.testCase();
        if (!underCi && r.outcome() == Outcome.NOT_RUN
                && r.reason().startsWith(CaseRunner.unavailablePrefix(tc.impl()))) {
            return new JudgedResult(r, Verdict.NOT_RUN, "");
        }
        var entry = exp.lookup(tc.test().number(), tc.fmt());
        Outcome expected = entry.map(Expectations.Entry::expected).orElse(Outcome.PASS);
        return new JudgedResult(r, Expectations.judge(expected, r.outcome()),
                entry.map(Expectations.Entry::reason).orElse(""));
    }
}
