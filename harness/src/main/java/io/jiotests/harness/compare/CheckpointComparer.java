package io.jiotests.harness.compare;

import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.ToolResult;
import io.jiotests.harness.backend.Backend;
import io.jiotests.harness.backend.StreamMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares the saved copies of two implementations' checkpoint images with {@link ImageComparison}:
 * the reference implementation's qemu-img (host or container) does metadata, compare and check, and
 * the other implementation's qemu-img checks the reference's image. The level a test requires comes
 * from {@link IoTest#imageLevel()} (default: bytes for raw and qcow2, metadata otherwise). The test
 * directories stay until the end of the run when images are compared, so backing files resolve; a
 * checkpoint copy's backing file is the backing file's state at the end of the test.
 */
public final class CheckpointComparer {
    private final Map<String, Backend> backends;
    private final Duration timeout;

    public CheckpointComparer(Map<String, Backend> backends, Duration timeout) {
        this.backends = Map.copyOf(backends);
        this.timeout = timeout;
    }

    /**
     * Whether the test opts out of image comparison with {@code imageLevel = "none"}: its images
     * cannot be inspected by any tool (a backing chain that loops makes qemu-img 7.2's map, compare
     * and check spin until the timeout), so only its output is compared with golden.
     */
    static boolean comparesNothing(Class<?> testClass) {
        IoTest a = testClass == null ? null : testClass.getAnnotation(IoTest.class);
        return a != null && "none".equalsIgnoreCase(a.imageLevel());
    }

    /** The level a test class requires for format {@code fmt}. */
    public static CompareLevel requiredLevel(Class<?> testClass, String fmt) {
        IoTest a = testClass == null ? null : testClass.getAnnotation(IoTest.class);
        String level = a == null ? "" : a.imageLevel();
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "" -> CompareLevel.defaultFor(fmt);
            case "bytes" -> CompareLevel.BYTES;
            case "metadata" -> CompareLevel.METADATA;
            case "guest-visible" -> CompareLevel.GUEST_VISIBLE;
            case "none" -> throw new IllegalArgumentException("@IoTest(imageLevel = \"none\") compares no images");
            default -> throw new IllegalArgumentException("@IoTest(imageLevel = \"" + level
                    + "\"): expected bytes, metadata, guest-visible or none");
        };
    }

    /**
     * Compares {@code refCopy} (written by {@code refImpl}) with {@code otherCopy} (by
     * {@code otherImpl}); returns one line per failing check, empty when the required level holds.
     */
    public List<String> differences(Class<?> testClass, String fmt, String refImpl, Path refCopy, Path refTestDir,
                                    String otherImpl, Path otherCopy, Path otherTestDir) {
        return match("", "", testClass, fmt, refImpl, refCopy, refTestDir, otherImpl, otherCopy, otherTestDir).failures();
    }

    /** The name of the level a test requires on {@code fmt}, "none" when it compares no images. */
    public static String requiredLabel(Class<?> testClass, String fmt) {
        try {
            return comparesNothing(testClass) ? "none" : requiredLevel(testClass, fmt).label();
        } catch (IllegalArgumentException e) {
            return "invalid: " + e.getMessage();
        }
    }

    /**
     * As {@link #differences}, with the level reached and the first differing byte for the reports:
     * {@code checkpoint} and {@code image} only label the result.
     */
    public ImageMatch match(String checkpoint, String image, Class<?> testClass, String fmt, String refImpl, Path refCopy,
                            Path refTestDir, String otherImpl, Path otherCopy, Path otherTestDir) {
        String required = requiredLabel(testClass, fmt);
        if (refCopy == null || otherCopy == null || !Files.isRegularFile(refCopy) || !Files.isRegularFile(otherCopy)) {
            return ImageMatch.notCompared(checkpoint, image, required, "no saved copy of both images");
        }
        if (comparesNothing(testClass)) {
            return ImageMatch.notCompared(checkpoint, image, required,
                    "@IoTest(imageLevel = \"none\"): no tool can inspect this test's images");
        }
        Backend ref = backends.get(refImpl);
        Backend other = backends.get(otherImpl);
        if (ref == null || !ref.isReference()) {
            // two implementations under test: bytes only, no reference tool to ask
            ImageComparison bytesOnly = new ImageComparison(null, null).testDirs(refTestDir, otherTestDir);
            LevelResult b = bytesOnly.bytes(refCopy, otherCopy, fmt, true);
            boolean same = b.outcome() == LevelResult.Outcome.PASS;
            return withBytes(checkpoint, image, required, same ? CompareLevel.BYTES.label() : "none (bytes only: no reference tool)",
                    bytesOnly, List.of(b.toString()), same ? List.of() : List.of(b.toString()));
        }
        ToolRunner refTool = runner(ref, refCopy.getParent());
        ToolRunner otherTool = other == null ? null : runner(other, otherCopy.getParent());
        CompareLevel level = requiredLevel(testClass, fmt);
        ImageComparison comparison = new ImageComparison(refTool, otherTool).testDirs(refTestDir, otherTestDir);
        List<LevelResult> results = comparison.compare(refCopy, otherCopy, fmt, level);
        List<String> out = new ArrayList<>();
        for (LevelResult r : results) {
            if (r.failsTest()) {
                out.add("required " + level.label() + ": " + r);
            }
        }
        if (!out.isEmpty()) {
            for (LevelResult r : results) {
                if (!r.failsTest()) {
                    out.add(r.toString());
                }
            }
        }
        return withBytes(checkpoint, image, required, reached(results), comparison,
                results.stream().map(LevelResult::toString).toList(), out);
    }

    /**
     * The level reached, climbing from the loosest level (guest-visible) towards bytes and stopping
     * at the first that did not pass: "none" when even guest-visible contents differ. (Bytes can
     * pass with metadata failing, when the masked fields are what differs: that reaches guest-visible.)
     */
    static String reached(List<LevelResult> results) {
        String reached = "none";
        CompareLevel[] levels = CompareLevel.values();
        for (int i = levels.length - 1; i >= 0; i--) {
            String name = levels[i].label();
            boolean passed = results.stream().anyMatch(r -> r.check().equals(name) && r.outcome() == LevelResult.Outcome.PASS);
            if (!passed) {
                break;
            }
            reached = name;
        }
        return reached;
    }

    private static ImageMatch withBytes(String checkpoint, String image, String required, String reached,
                                        ImageComparison c, List<String> levels, List<String> failures) {
        long off = c.lastBytes().filter(b -> !b.identical()).map(ByteComparison::firstDiff).orElse(-1L);
        String field = c.lastBytes().filter(b -> !b.identical()).map(ByteComparison::field).orElse("");
        return new ImageMatch(checkpoint, image, required, reached, off, field, levels, failures);
    }

    private ToolRunner runner(Backend b, Path cwd) {
        return args -> {
            ToolResult r = b.run("qemu-img", args, cwd, StreamMode.SEPARATE, timeout);
            return r;
        };
    }
}
