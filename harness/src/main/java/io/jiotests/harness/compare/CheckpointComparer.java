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
        if (refCopy == null || otherCopy == null || !Files.isRegularFile(refCopy) || !Files.isRegularFile(otherCopy)) {
            return List.of();
        }
        if (comparesNothing(testClass)) {
            return List.of();
        }
        Backend ref = backends.get(refImpl);
        Backend other = backends.get(otherImpl);
        if (ref == null || !ref.isReference()) {
            // two implementations under test: bytes only, no reference tool to ask
            ImageComparison bytesOnly = new ImageComparison(null, null).testDirs(refTestDir, otherTestDir);
            LevelResult b = bytesOnly.bytes(refCopy, otherCopy, fmt, true);
            return b.outcome() == LevelResult.Outcome.PASS ? List.of() : List.of(b.toString());
        }
        ToolRunner refTool = runner(ref, refCopy.getParent());
        ToolRunner otherTool = other == null ? null : runner(other, otherCopy.getParent());
        CompareLevel level = requiredLevel(testClass, fmt);
        List<LevelResult> results = new ImageComparison(refTool, otherTool).testDirs(refTestDir, otherTestDir)
                .compare(refCopy, otherCopy, fmt, level);
        List<String> out = new ArrayList<>();
        for (LevelResult r : results) {
            if (r.failsTest()) {
                out.add("required " + level.name().toLowerCase(Locale.ROOT).replace('_', '-') + ": " + r);
            }
        }
        if (!out.isEmpty()) {
            for (LevelResult r : results) {
                if (!r.failsTest()) {
                    out.add(r.toString());
                }
            }
        }
        return out;
    }

    private ToolRunner runner(Backend b, Path cwd) {
        return args -> {
            ToolResult r = b.run("qemu-img", args, cwd, StreamMode.SEPARATE, timeout);
            return r;
        };
    }
}
