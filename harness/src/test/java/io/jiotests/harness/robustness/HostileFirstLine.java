package io.jiotests.harness.robustness;

/** First line of an outcome, for tables. */
final class HostileFirstLine {
    private HostileFirstLine() {
    }

    static String of(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl) + " ...").replace("|", "\\|");
    }
}
