package io.jiotests.harness.robustness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * images/hostile/known-differences.txt: one line per known difference, {@code IMAGE OP REASON...}
 * (IMAGE as format/mutation, OP info, info-chain, check, convert or read); # starts a comment.
 * A line without a reason is an error.
 */
record KnownDifferences(Map<String, String> reasons) {

    static KnownDifferences load(Path file) throws IOException {
        Map<String, String> m = new HashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] f = t.split("\\s+", 3);
                if (f.length < 3) {
                    throw new IllegalArgumentException(file + ": entry without a reason: " + line);
                }
                m.put(f[0] + " " + f[1], f[2]);
            }
        }
        return new KnownDifferences(m);
    }

    boolean contains(String key) {
        return reasons.containsKey(key);
    }
}
