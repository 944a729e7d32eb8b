package io.jiotests.harness.robustness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The robustness tests' expectation file (robustness/known-failures.txt on the test class path):
 * {@code KEY | REASON} lines. {@link #judge} returns what is wrong: failures not listed, and listed
 * cases that passed (unexpected passes), so the list can only shrink and never hide a regression.
 */
final class KnownFailures {
    private final Map<String, String> reasons = new LinkedHashMap<>();

    static KnownFailures load() throws IOException {
        KnownFailures k = new KnownFailures();
        try (InputStream in = KnownFailures.class.getResourceAsStream("/robustness/known-failures.txt")) {
            if (in == null) {
                throw new IOException("robustness/known-failures.txt missing from the test class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int bar = t.indexOf(" | ");
                if (bar < 0 || t.substring(bar + 3).isBlank()) {
                    throw new IOException("known-failures.txt: entry without a reason: " + line);
                }
                k.reasons.put(t.substring(0, bar).strip(), t.substring(bar + 3).strip());
            }
        }
        return k;
    }

    /**
     * @param prefix  the key prefix this test owns ("locking: ", "lazy: ")
     * @param tried   every case key the test ran
     * @param failed  failed case key -> description
     */
    List<String> judge(String prefix, Set<String> tried, Map<String, String> failed) {
        List<String> problems = new ArrayList<>();
        for (var e : failed.entrySet()) {
            if (!reasons.containsKey(e.getKey())) {
                problems.add("unexpected failure: " + e.getKey() + "\n" + e.getValue());
            }
        }
        for (String key : reasons.keySet()) {
            if (key.startsWith(prefix) && tried.contains(key) && !failed.containsKey(key)) {
                problems.add("unexpected pass (remove it from known-failures.txt): " + key);
            }
        }
        return problems;
    }

    String reason(String key) {
        return reasons.get(key);
    }
}
