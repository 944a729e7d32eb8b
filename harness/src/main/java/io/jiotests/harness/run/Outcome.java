package io.jiotests.harness.run;

/** The raw outcome of one test case run. */
public enum Outcome {
    PASS, FAIL, NOT_RUN;

    public String label() {
        return switch (this) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case NOT_RUN -> "not run";
        };
    }
}
