package io.jiotests.harness.run;

/** An outcome judged against the expectation file. */
public enum Verdict {
    PASS("pass", true),
    EXPECTED_FAIL("expected fail", true),
    NOT_RUN("not run", true),
    FAIL("fail", false),
    UNEXPECTED_PASS("unexpected pass", false),
    UNEXPECTED_NOT_RUN("unexpected not run", false);

    private final String label;
    private final boolean ok;

    Verdict(String label, boolean ok) {
        this.label = label;
        this.ok = ok;
    }

    public String label() {
        return label;
    }

    /** Whether the run may pass with this verdict. */
    public boolean ok() {
        return ok;
    }
}
