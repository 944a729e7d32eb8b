package io.jiotests.harness.run;

import io.jiotests.harness.compare.CheckpointComparer;
import io.jiotests.harness.compare.ImageMatch;
import io.jiotests.harness.report.UnifiedDiff;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A comparison of two implementations on the same test and format: their filtered outputs and
 * their image checkpoints. A difference is unexpected when both passed against golden (then
 * nothing known explains it); otherwise it only documents how far apart they are.
 *
 * @param test       NNN
 * @param fmt        the format
 * @param left       the first implementation (the reference if one ran)
 * @param right      the other implementation
 * @param diff       unified diff of the outputs, "" if equal
 * @param imageNotes checkpoint differences, one line each
 * @param unexpected whether the difference fails the run
 * @param images     per checkpoint image: the level reached and the first differing byte (for reports)
 */
public record CrossCheck(String test, String fmt, String left, String right, String diff,
                         List<String> imageNotes, boolean unexpected, List<ImageMatch> images) {

    public CrossCheck {
        imageNotes = List.copyOf(imageNotes);
        images = List.copyOf(images);
    }

    public CrossCheck(String test, String fmt, String left, String right, String diff, List<String> imageNotes,
                      boolean unexpected) {
        this(test, fmt, left, right, diff, imageNotes, unexpected, List.of());
    }

    public boolean differs() {
        return !diff.isEmpty() || !imageNotes.isEmpty();
    }

    /** Compares, per test and format, every implementation that ran with the first one that ran. */
    public static List<CrossCheck> compare(List<JudgedResult> results) {
        return compare(results, null);
    }

    /**
     * As {@link #compare(List)}; checkpoint images whose digests differ are compared with
     * {@code images} (bytes with masks, metadata, guest-visible, check) at the level the test
     * requires, and only a failure of that level is a difference.
     */
    public static List<CrossCheck> compare(List<JudgedResult> results,
                                           CheckpointComparer images) {
        Map<String, List<JudgedResult>> byCase = new LinkedHashMap<>();
        for (JudgedResult r : results) {
            TestCase tc = r.testCase();
            if (r.result().outcome() == Outcome.NOT_RUN) {
                continue;
            }
            byCase.computeIfAbsent(tc.test().id() + "\u0000" + tc.fmt() + "\u0000" + tc.proto(), k -> new ArrayList<>()).add(r);
        }
        List<CrossCheck> out = new ArrayList<>();
        for (List<JudgedResult> group : byCase.values()) {
            if (group.size() < 2) {
                continue;
            }
            JudgedResult first = group.stream().filter(r -> isReference(r.testCase().impl()))
                    .min(Comparator.comparing((JudgedResult r) -> referenceOrder(r.testCase().impl())))
                    .orElse(group.get(0));
            for (JudgedResult other : group) {
                if (other == first) {
                    continue;
                }
                out.add(compare(first, other, images));
            }
        }
        return out;
    }

    /** Whether an implementation name is a reference QEMU (the host's or a container's). */
    public static boolean isReference(String impl) {
        return impl.equals("qemu") || impl.startsWith("qemu-container:");
    }

    /**
     * The order in which references are preferred as the baseline of a comparison: the host's qemu
     * first, then containers by ascending version (7.2 before 10.0), so a run's pairs do not depend
     * on which case finished first.
     */
    static String referenceOrder(String impl) {
        if (impl.equals("qemu")) {
            return "";
        }
        String v = impl.substring(impl.indexOf(':') + 1);
        StringBuilder key = new StringBuilder("~");
        for (String part : v.split("\\.")) {
            key.append(String.format("%09d.", !part.isEmpty() && part.chars().allMatch(Character::isDigit)
                    ? Long.parseLong(part) : 0L));
        }
        return key.append(v).toString();
    }

    static CrossCheck compare(JudgedResult a, JudgedResult b) {
        return compare(a, b, null);
    }

    static CrossCheck compare(JudgedResult a, JudgedResult b, CheckpointComparer images) {
        TestCase ta = a.testCase();
        TestCase tb = b.testCase();
        String diff = UnifiedDiff.diff(a.result().output(), b.result().output(),
                ta.test().id() + ".out (" + ta.impl() + ")", tb.test().id() + ".out (" + tb.impl() + ")", 3);
        List<String> notes = new ArrayList<>();
        List<Checkpoint> ca = a.result().checkpoints();
        List<Checkpoint> cb = b.result().checkpoints();
        if (ca.size() != cb.size()) {
            notes.add("checkpoints: " + ca.size() + " under " + ta.impl() + ", " + cb.size() + " under " + tb.impl());
        }
        List<ImageMatch> matches = new ArrayList<>();
        String required = CheckpointComparer.requiredLabel(ta.test().type(), ta.fmt());
        for (int i = 0; i < Math.min(ca.size(), cb.size()); i++) {
            Checkpoint x = ca.get(i);
            Checkpoint y = cb.get(i);
            for (int j = 0; j < Math.min(x.images().size(), y.images().size()); j++) {
                Checkpoint.Image ix = x.images().get(j);
                Checkpoint.Image iy = y.images().get(j);
                if (ix.size() == iy.size() && Objects.equals(ix.sha256(), iy.sha256())) {
                    matches.add(ImageMatch.identical(x.label(), ix.name(), required, ix.size()));
                    continue;
                }
                if (images != null && ix.copy() != null && iy.copy() != null) {
                    ImageMatch m = images.match(x.label(), ix.name(), ta.test().type(), ta.fmt(), ta.impl(), ix.copy(),
                            a.result().testDir(), tb.impl(), iy.copy(), b.result().testDir());
                    matches.add(m);
                    for (String d : m.failures()) {
                        notes.add("checkpoint '" + x.label() + "' image " + ix.name() + ": " + d);
                    }
                    continue;
                }
                String what = ta.impl() + " " + ix.size() + " bytes sha256 " + abbrev(ix.sha256()) + ", " + tb.impl() + " "
                        + iy.size() + " bytes sha256 " + abbrev(iy.sha256());
                matches.add(ImageMatch.notCompared(x.label(), ix.name(), required, "digests differ: " + what));
                notes.add("checkpoint '" + x.label() + "' image " + ix.name() + ": " + what);
            }
        }
        boolean bothPassed = a.result().outcome() == Outcome.PASS && b.result().outcome() == Outcome.PASS;
        boolean differs = !diff.isEmpty() || !notes.isEmpty();
        // Two implementations that each match a different golden file (a per-QEMU-version variant)
        // differ as those files do: documented, not unexpected.
        boolean explained = !java.util.Objects.equals(a.result().golden(), b.result().golden()) && notes.isEmpty();
        if (explained && differs && bothPassed) {
            notes.add("outputs differ as their golden files do: " + a.result().golden().getFileName() + " vs "
                    + b.result().golden().getFileName());
        }
        // Two reference QEMUs (e.g. 7.2 and 10.0) differing is a fact about QEMU, reported, never a failure.
        boolean bothReference = isReference(ta.impl()) && isReference(tb.impl());
        return new CrossCheck(ta.test().id(), ta.fmt(), ta.impl(), tb.impl(), diff, notes,
                differs && bothPassed && !explained && !bothReference, matches);
    }

    private static String abbrev(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
