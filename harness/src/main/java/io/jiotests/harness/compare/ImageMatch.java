package io.jiotests.harness.compare;

import java.util.List;

/**
 * How closely one checkpoint image of two implementations matched, as the reports show it.
 *
 * @param checkpoint the checkpoint's label
 * @param image      the image's name relative to the test directory
 * @param required   the level the test requires ("bytes", "metadata", "guest-visible"), or "none"
 *                   for a test whose images no tool can inspect
 * @param reached    the strictest level that held: "bytes", "metadata", "guest-visible", "none"
 *                   (not even guest-visible contents agree), or "not compared" with the reason in
 *                   {@code levels}
 * @param firstDiff  the first differing byte offset (unmasked), or -1 when the bytes agree or were
 *                   not compared
 * @param field      the format field or region at {@code firstDiff}, "" when none
 * @param levels     every comparison that ran, one line each (level: outcome - detail)
 * @param failures   the lines that fail the test's required level (empty when it holds)
 */
public record ImageMatch(String checkpoint, String image, String required, String reached, long firstDiff,
                         String field, List<String> levels, List<String> failures) {

    public static final String NOT_COMPARED = "not compared";

    public ImageMatch {
        levels = List.copyOf(levels);
        failures = List.copyOf(failures);
    }

    /** Two images with the same size and SHA-256: the bytes level holds without looking further. */
    public static ImageMatch identical(String checkpoint, String image, String required, long size) {
        return new ImageMatch(checkpoint, image, required, CompareLevel.BYTES.label(), -1, "",
                List.of("bytes: pass - same size (" + size + " bytes) and SHA-256"), List.of());
    }

    /** Images that differ but were not compared further (no saved copies, or no comparer). */
    public static ImageMatch notCompared(String checkpoint, String image, String required, String why) {
        return new ImageMatch(checkpoint, image, required, NOT_COMPARED, -1, "", List.of(why), List.of());
    }

    /** Whether the required level held (or nothing was required). */
    public boolean holds() {
        return failures.isEmpty();
    }
}
