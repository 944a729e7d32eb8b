package io.jiotests.harness.filter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard output filters of the harness, modelled on what QEMU's iotests filter (test
 * directory, image name, image format in "Formatting" lines, qemu-io timings, program names and
 * versions, "disk size" lines). Every function is pure: text in, text out.
 */
public final class Filters {

    private Filters() {
    }

    /** Placeholder of the test directory. */
    public static final String TEST_DIR = "TEST_DIR";

    private static final Pattern QEMU_IO_TIMING = Pattern.compile(
            "[0-9]* ops; [0-9/:. sec]* \\([0-9/.inf]* [EPTGMKiBbytes]*/sec and [0-9/.inf]* ops/sec\\)");
    private static final String QEMU_IO_TIMING_REPLACEMENT =
            "X ops; XX:XX:XX.X (XXX YYY/sec and XXX ops/sec)";
    private static final Pattern QEMU_IO_PROMPT = Pattern.compile("qemu-io> ");
    /** A program name with an optional directory in front, as a whole word. */
    private static final Pattern QEMU_IMG_NAME =
            Pattern.compile("(?<![\\w.+-])(?:[\\w.+-]*/)*j?qemu-img(?![\\w.+-])");
    private static final Pattern QEMU_IO_NAME =
            Pattern.compile("(?<![\\w.+-])(?:[\\w.+-]*/)*j?qemu-io(?![\\w.+-])");
    private static final Pattern VERSION =
            Pattern.compile("(QEMU_IMG|QEMU_IO|QEMU) version [0-9]+\\.[0-9]+\\.[0-9]+(?: \\([^)\\n]*\\))?");
    private static final Pattern DISK_SIZE_LINE = Pattern.compile("(?m)^ *disk size: .*\\R?");
    private static final Pattern ACTUAL_SIZE_JSON = Pattern.compile("(?m)^\\s*\"actual-size\": [0-9]+,?\\R");

    /** Replaces the test directory (absolute path, also its real path if different) by TEST_DIR. */
    public static String testDir(String text, Path testDir) {
        String out = text;
        List<String> spellings = new ArrayList<>();
        spellings.add(testDir.toAbsolutePath().normalize().toString());
        try {
            String real = testDir.toRealPath().toString();
            if (!spellings.contains(real)) {
                spellings.add(real);
            }
        } catch (java.io.IOException e) {
            // the directory may be gone already; the absolute spelling is enough
        }
        // Longest first, so that a real path containing the other one is replaced whole.
        spellings.sort((a, b) -> Integer.compare(b.length(), a.length()));
        for (String s : spellings) {
            out = out.replace(s, TEST_DIR);
        }
        return out;
    }

    /** TEST_DIR/t.FMT (also as a prefix, e.g. TEST_DIR/t.FMT.base) becomes TEST_DIR/t.IMGFMT. */
    public static String imageName(String text, String fmt) {
        if (fmt == null || fmt.isEmpty()) {
            return text;
        }
        Pattern p = Pattern.compile(Pattern.quote(TEST_DIR + "/t." + fmt) + "(?![\\w-])");
        return p.matcher(text).replaceAll(Matcher.quoteReplacement(TEST_DIR + "/t.IMGFMT"));
    }

    /** qemu-io timing statistics and prompts (iotests' _filter_qemu_io). */
    public static String qemuIoTimings(String text) {
        String out = QEMU_IO_TIMING.matcher(text).replaceAll(Matcher.quoteReplacement(QEMU_IO_TIMING_REPLACEMENT));
        return QEMU_IO_PROMPT.matcher(out).replaceAll("");
    }

    /** Program names (qemu-img, jqemu-img, /usr/bin/qemu-img, ...) become QEMU_IMG / QEMU_IO. */
    public static String programNames(String text) {
        String out = QEMU_IMG_NAME.matcher(text).replaceAll("QEMU_IMG");
        return QEMU_IO_NAME.matcher(out).replaceAll("QEMU_IO");
    }

    /** Version strings ("QEMU_IMG version 7.2.22 (Debian ...)") become "version X.Y.Z". */
    public static String versions(String text) {
        return VERSION.matcher(text).replaceAll("$1 version X.Y.Z");
    }

    /** Drops "disk size:" lines of qemu-img info and "actual-size" of its JSON (host dependent). */
    public static String diskSize(String text) {
        String out = DISK_SIZE_LINE.matcher(text).replaceAll("");
        return ACTUAL_SIZE_JSON.matcher(out).replaceAll("");
    }

    /** Applies {@link ImgCreateFilter} to every "Formatting '...'" line. */
    public static String formattingLines(String text, String fmt) {
        return ImgCreateFilter.filterText(text, fmt);
    }

    /**
     * The standard filter chain applied to everything a test logs: test directory, image name,
     * Formatting lines, qemu-io timings, program names, versions.
     */
    public static String standard(String text, Path testDir, String fmt) {
        String out = testDir(text, testDir);
        out = imageName(out, fmt);
        out = formattingLines(out, fmt);
        out = qemuIoTimings(out);
        out = programNames(out);
        return versions(out);
    }
}
