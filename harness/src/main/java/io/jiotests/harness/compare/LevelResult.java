package io.jiotests.harness.compare;

import java.util.List;

/**
 * The outcome of one comparison level (or of the check cross-check).
 *
 * @param check    "bytes", "metadata", "guest-visible" or "check"
 * @param outcome  pass, fail, or not run (with the reason in detail)
 * @param required whether a failure here fails the test
 * @param detail   what was compared and, on failure, where it differs
 * @param masked   the byte ranges left out of a bytes comparison
 */
public record LevelResult(String check, Outcome outcome, boolean required, String detail, List<ByteRange> masked) {
    public enum Outcome { PASS, FAIL, NOT_RUN }

    /** True if this result fails the test: a required check that failed. */
    public boolean failsTest() {
        return required && outcome == Outcome.FAIL;
    }

    @Override
    public String toString() {
        return check + ": " + outcome.name().toLowerCase().replace('_', ' ') + (required ? "" : " (informative)")
                + (detail.isEmpty() ? "" : " - " + detail);
    }
}
