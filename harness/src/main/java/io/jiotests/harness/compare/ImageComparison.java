package io.jiotests.harness.compare;

import io.jiotests.harness.api.ToolResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares an image the implementation under test wrote ({@code actual}) with the one the reference
 * QEMU wrote for the same steps ({@code expected}): bytes, metadata, guest-visible contents, and
 * cross-checks (reference {@code qemu-img check} on the actual image, the tested implementation's
 * check on the expected image). Used by the harness after each test and at checkpoints.
 */
public final class ImageComparison {
    /** Fields of {@code info}/{@code map --output=json} that differ between two copies of one image. */
    private static final Pattern VOLATILE = Pattern.compile(
            "^\\s*\"(filename|full-backing-filename|actual-size)\":.*$", Pattern.MULTILINE);
    /**
     * Fields that are random or time-based, as the byte level masks them: qcow2 snapshot dates and
     * VM clocks ({@code date-sec}, {@code date-nsec}, {@code vm-clock-sec}, {@code vm-clock-nsec}) and
     * the vmdk content ids ({@code cid}, {@code parent-cid}), and a LUKS volume's random {@code uuid}
     * and PBKDF2 iteration counts ({@code iters}, {@code master-key-iters}, timed on the machine that
     * made it), for luks images and encrypted qcow2. Their values are replaced by MASKED and the
     * report names them.
     */
    static final Pattern TIME_OR_RANDOM = Pattern.compile(
            "(\"(date-sec|date-nsec|vm-clock-sec|vm-clock-nsec|cid|parent-cid|iters|master-key-iters|uuid)\":\\s*)"
                    + "(-?[0-9]+|\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\")");

    private final ToolRunner reference;
    private final ToolRunner tested;

    /**
     * @param reference the reference qemu-img (host or container) used for metadata, compare and check
     * @param tested    the qemu-img of the implementation that wrote {@code actual}, for the reverse check
     *                  (null to skip that check)
     */
    public ImageComparison(ToolRunner reference, ToolRunner tested) {
        this.reference = reference;
        this.tested = tested;
    }

    private String expectedDir;
    private String actualDir;
    private ByteComparison lastBytes;

    /**
     * The test directories the two images were written in (they differ per implementation): paths
     * under them, in backing file names and in info output, compare as TEST_DIR.
     */
    public ImageComparison testDirs(Path expectedTestDir, Path actualTestDir) {
        this.expectedDir = expectedTestDir.toAbsolutePath().normalize().toString();
        this.actualDir = actualTestDir.toAbsolutePath().normalize().toString();
        return this;
    }

    /** Runs every level; {@code required} decides which failures fail the test. */
    public List<LevelResult> compare(Path expected, Path actual, String fmt, CompareLevel required) {
        List<LevelResult> out = new ArrayList<>();
        out.add(bytes(expected, actual, fmt, CompareLevel.BYTES.requiredBy(required)));
        out.add(metadata(expected, actual, fmt, CompareLevel.METADATA.requiredBy(required)));
        out.add(guestVisible(expected, actual, fmt, true));
        out.add(check("check (reference on actual)", reference, actual, fmt));
        if (tested != null) {
            out.add(check("check (tested on expected)", tested, expected, fmt));
        }
        return out;
    }

    /** True if none of the results fails the test. */
    public static boolean passes(List<LevelResult> results) {
        return results.stream().noneMatch(LevelResult::failsTest);
    }

    LevelResult bytes(Path expected, Path actual, String fmt, boolean required) {
        lastBytes = null;
        try {
            ByteComparison b = ByteComparison.compare(expected, actual, fmt, expectedDir, actualDir);
            lastBytes = b;
            return new LevelResult("bytes", b.identical() ? LevelResult.Outcome.PASS : LevelResult.Outcome.FAIL,
                    required, b.describe(), b.masked());
        } catch (IOException e) {
            return new LevelResult("bytes", LevelResult.Outcome.FAIL, required, "cannot read: " + e.getMessage(),
                    List.of());
        }
    }

    /** The byte comparison of the last {@link #compare} or bytes level, with its first differing offset and field. */
    public java.util.Optional<ByteComparison> lastBytes() {
        return java.util.Optional.ofNullable(lastBytes);
    }

    LevelResult metadata(Path expected, Path actual, String fmt, boolean required) {
        java.util.Set<String> maskedFields = new java.util.TreeSet<>();
        for (String cmd : List.of("info", "map")) {
            String e = masked(normalized(cmd, expected, fmt, expectedDir), maskedFields);
            String a = masked(normalized(cmd, actual, fmt, actualDir), maskedFields);
            if (!e.equals(a)) {
                return new LevelResult("metadata", LevelResult.Outcome.FAIL, required,
                        cmd + " --output=json differs: " + firstDifferentLine(e, a) + maskedNote(maskedFields), List.of());
            }
        }
        return new LevelResult("metadata", LevelResult.Outcome.PASS, required,
                "info and map --output=json equal" + maskedNote(maskedFields), List.of());
    }

    /** {@code json} with the values of {@link #TIME_OR_RANDOM} fields replaced; their names go to {@code names}. */
    static String masked(String json, java.util.Set<String> names) {
        Matcher m = TIME_OR_RANDOM.matcher(json);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            names.add(m.group(2));
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "MASKED"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String maskedNote(java.util.Set<String> names) {
        return names.isEmpty() ? "" : "; masked: " + String.join(", ", names);
    }

    private String normalized(String cmd, Path image, String fmt, String testDir) {
        ToolResult r = reference.qemuImg(List.of(cmd, "-f", fmt, "--output=json", image.toString()));
        String text = r.exitCode() == 0 ? r.stdout() : "exit " + r.exitCode() + ": " + r.merged();
        text = text.replace(image.toAbsolutePath().getParent() + "/", "TEST_DIR/");
        if (testDir != null) {
            text = text.replace(testDir, "TEST_DIR");
        }
        return VOLATILE.matcher(text).replaceAll("");
    }

    private static String firstDifferentLine(String e, String a) {
        String[] el = e.split("\n", -1);
        String[] al = a.split("\n", -1);
        for (int i = 0; i < Math.max(el.length, al.length); i++) {
            String x = i < el.length ? el[i] : "<end>";
            String y = i < al.length ? al[i] : "<end>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": expected [" + x.strip() + "], actual [" + y.strip() + "]";
            }
        }
        return "(line endings)";
    }

    LevelResult guestVisible(Path expected, Path actual, String fmt, boolean required) {
        ToolResult r = reference.qemuImg(List.of("compare", "-f", fmt, "-F", fmt, expected.toString(),
                actual.toString()));
        return switch (r.exitCode()) {
            case 0 -> new LevelResult("guest-visible", LevelResult.Outcome.PASS, required,
                    "qemu-img compare: identical", List.of());
            case 1 -> new LevelResult("guest-visible", LevelResult.Outcome.FAIL, required,
                    "qemu-img compare: " + r.merged().strip(), List.of());
            default -> unreadableAlike(expected, actual, fmt)
                    .map(why -> new LevelResult("guest-visible", LevelResult.Outcome.PASS, required,
                            "both images unreadable alike by the reference qemu-img: " + why, List.of()))
                    .orElseGet(() -> new LevelResult("guest-visible", LevelResult.Outcome.FAIL, required,
                            "qemu-img compare failed (exit " + r.exitCode() + "): " + r.merged().strip(), List.of()));
        };
    }

    /**
     * When the reference cannot compare the two images because it cannot read them: the error each
     * image gives when compared with itself, if both give the same one (their paths aside). A guest
     * then sees the same thing on both: the same error (e.g. a vmdk whose parent CID no longer
     * matches, as QEMU itself leaves it after a failed rebase).
     */
    private java.util.Optional<String> unreadableAlike(Path expected, Path actual, String fmt) {
        String e = selfCompareError(expected, fmt);
        String a = selfCompareError(actual, fmt);
        return e != null && e.equals(a) ? java.util.Optional.of(e) : java.util.Optional.empty();
    }

    private String selfCompareError(Path image, String fmt) {
        ToolResult r = reference.qemuImg(List.of("compare", "-f", fmt, "-F", fmt, image.toString(), image.toString()));
        if (r.exitCode() < 2) {
            return null;
        }
        return "exit " + r.exitCode() + ": " + r.merged().strip().replace(image.toAbsolutePath().toString(), "IMAGE")
                .replace(image.toString(), "IMAGE");
    }

    LevelResult check(String name, ToolRunner runner, Path image, String fmt) {
        if (!List.of("qcow2", "qed", "vdi", "vhdx", "vmdk", "parallels").contains(fmt)) {
            return new LevelResult(name, LevelResult.Outcome.NOT_RUN, false,
                    "format " + fmt + " has no consistency check", List.of());
        }
        ToolResult r = runner.qemuImg(List.of("check", "-f", fmt, image.toString()));
        return r.exitCode() == 0
                ? new LevelResult(name, LevelResult.Outcome.PASS, true, "no errors", List.of())
                : new LevelResult(name, LevelResult.Outcome.FAIL, true,
                        "exit " + r.exitCode() + ": " + r.merged().strip(), List.of());
    }
}
