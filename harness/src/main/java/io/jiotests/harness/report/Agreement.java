package io.jiotests.harness.report;

import io.jiotests.harness.run.CrossCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per test, whether the implementations that ran agree with each other: outputs and image
 * checkpoints, from the run's cross checks (each implementation against the baseline reference).
 * Agreement with golden is the verdict of each cell; this is the other half of the matrix.
 */
public final class Agreement {

    private Agreement() {
    }

    /**
     * One line for test {@code test}: per format "all N agree", or the pairs that differ, what
     * differs (output, images) and why that is no failure when it is not one. "" when no two
     * implementations ran the test on the same format.
     */
    public static String of(String test, List<CrossCheck> cross) {
        return summarize(cross.stream().filter(c -> c.test().equals(test)).toList(), true);
    }

    /** As {@link #of(String, List)} for one test on one format, without the format prefix. */
    public static String of(String test, String fmt, List<CrossCheck> cross) {
        return summarize(cross.stream().filter(c -> c.test().equals(test) && c.fmt().equals(fmt)).toList(), false);
    }

    private static String summarize(List<CrossCheck> cross, boolean withFormat) {
        Map<String, List<CrossCheck>> byFmt = new LinkedHashMap<>();
        for (CrossCheck c : cross) {
            byFmt.computeIfAbsent(c.fmt(), k -> new ArrayList<>()).add(c);
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<CrossCheck>> e : byFmt.entrySet()) {
            List<String> pairs = new ArrayList<>();
            List<String> same = new ArrayList<>();
            for (CrossCheck c : e.getValue()) {
                if (c.differs()) {
                    pairs.add(c.left() + " \u2260 " + c.right() + " (" + what(c) + ": " + why(c) + ")");
                } else {
                    same.add(c.right());
                }
            }
            String baseline = e.getValue().getFirst().left();
            String text = pairs.isEmpty() ? "all " + (e.getValue().size() + 1) + " agree"
                    : String.join(", ", pairs) + (same.isEmpty() ? "" : "; " + String.join(", ", same) + " = " + baseline);
            parts.add((withFormat ? e.getKey() + ": " : "") + text);
        }
        return String.join("; ", parts);
    }

    /** What differs between the two: "output", "images", both, or "nothing" (a listed pair that agrees now). */
    static String what(CrossCheck c) {
        boolean images = c.imageNotes().stream().anyMatch(n -> n.startsWith("checkpoint"));
        boolean output = !c.diff().isEmpty();
        return output && images ? "output and images" : images ? "images" : output ? "output" : "nothing";
    }

    /** Why a difference is or is not a failure (the console's wording). */
    static String why(CrossCheck c) {
        return c.unexpected() ? "UNEXPECTED: both match golden" : ConsoleReporter.explanation(c);
    }
}
