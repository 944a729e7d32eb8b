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
        TestCase tc = r.testCase();
        var entry = exp.lookup(tc.test().number(), tc.fmt());
        Outcome expected = entry.map(Expectations.Entry::expected).orElse(Outcome.PASS);
        return new JudgedResult(r, Expectations.judge(expected, r.outcome()),
                entry.map(Expectations.Entry::reason).orElse(""));
    }
}
