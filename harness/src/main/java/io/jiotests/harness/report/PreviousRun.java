package io.jiotests.harness.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The verdicts of an earlier run, read from its results.json, for the report's trend.
 *
 * @param source    the results.json read
 * @param generated its "generated" time stamp
 * @param verdicts  verdict label per cell key ({@link #key})
 */
public record PreviousRun(Path source, String generated, Map<String, String> verdicts) {

    /** The cell key of a test on an implementation and format. */
    public static String key(String test, String impl, String fmt) {
        return test + "|" + impl + "|" + fmt;
    }

    /**
     * The run to compare with: results.json already in {@code reportDir} (about to be replaced),
     * else the most recently written results.json of a sibling run directory (reports/RUN).
     * Unreadable or malformed files count as absent.
     */
    public static Optional<PreviousRun> find(Path reportDir) {
        Optional<PreviousRun> own = read(reportDir.resolve("results.json"));
        if (own.isPresent()) {
            return own;
        }
        Path parent = reportDir.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return Optional.empty();
        }
        Path self = reportDir.toAbsolutePath().normalize();
        Path best = null;
        FileTime bestTime = null;
        try (Stream<Path> s = Files.list(parent)) {
            for (Path d : s.toList()) {
                Path f = d.resolve("results.json");
                if (d.normalize().equals(self) || !Files.isRegularFile(f)) {
                    continue;
                }
                FileTime t = Files.getLastModifiedTime(f);
                if (bestTime == null || t.compareTo(bestTime) > 0) {
                    best = f;
                    bestTime = t;
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return best == null ? Optional.empty() : read(best);
    }

    /** Reads one results.json; empty when missing or not in the expected shape. */
    public static Optional<PreviousRun> read(Path resultsJson) {
        if (!Files.isRegularFile(resultsJson)) {
            return Optional.empty();
        }
        try {
            if (!(MiniJson.parse(Files.readString(resultsJson, StandardCharsets.UTF_8)) instanceof Map<?, ?> root)
                    || !(root.get("results") instanceof List<?> results)) {
                return Optional.empty();
            }
            Map<String, String> verdicts = new LinkedHashMap<>();
            for (Object o : results) {
                if (o instanceof Map<?, ?> m && m.get("test") instanceof String t && m.get("impl") instanceof String impl
                        && m.get("fmt") instanceof String fmt && m.get("verdict") instanceof String v) {
                    verdicts.put(key(t, impl, fmt), v);
                }
            }
            String generated = root.get("generated") instanceof String g ? g : "";
            return Optional.of(new PreviousRun(resultsJson, generated, verdicts));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
