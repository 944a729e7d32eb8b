package io.jiotests.harness.hostile;

/**
 * The outcome of one operation under both implementations.
 *
 * @param op       the operation
 * @param refRc    reference exit code
 * @param refText  reference output, filtered
 * @param javaRc   engine exit code (-1 if it never finished)
 * @param javaText engine output, filtered (or what is known about a crash / hang)
 * @param outcome  the comparison
 */
public record HostileResult(HostileOp op, int refRc, String refText, int javaRc, String javaText, HostileOutcome outcome) {

    /** The first line of a text, for tables. */
    public static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl)).replace('\t', ' ');
    }
}
