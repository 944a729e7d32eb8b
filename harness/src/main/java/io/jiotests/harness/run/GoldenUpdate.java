package io.jiotests.harness.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rewrites golden outputs from a reference run, then re-reads them as the new expectation. */
public final class GoldenUpdate {

    private GoldenUpdate() {
    }

    /**
     * Writes the golden files of every test in {@code results} (a reference run) and returns the
     * results re-judged against what was written. Cases whose test threw or was not run are left
     * alone (their golden files are not touched).
     */
    public static List<CaseResult> apply(Golden golden, List<CaseResult> results, List<String> requestedFormats,
                                         PrintStream out) {
        Map<TestInfo, Map<String, CaseResult>> byTest = new LinkedHashMap<>();
        for (CaseResult r : results) {
            byTest.computeIfAbsent(r.testCase().test(), k -> new LinkedHashMap<>()).put(r.testCase().fmt(), r);
        }
        List<CaseResult> out2 = new ArrayList<>();
        for (Map.Entry<TestInfo, Map<String, CaseResult>> e : byTest.entrySet()) {
            TestInfo t = e.getKey();
            Map<String, String> outputs = new LinkedHashMap<>();
            boolean usable = true;
            for (CaseResult r : e.getValue().values()) {
                if (r.outcome() == Outcome.NOT_RUN || r.reason().startsWith("test threw")) {
                    usable = false;
                } else {
                    outputs.put(r.testCase().fmt(), r.output());
                }
            }
            Set<String> all = new LinkedHashSet<>(Plan.formatsFor(t, List.of()));
            boolean allFormats = usable && outputs.keySet().containsAll(all);
            String impl = e.getValue().values().iterator().next().testCase().impl();
            if (!outputs.isEmpty() && Golden.versionSuffix(impl) != null) {
                golden.updateVersion(t, impl, outputs, allFormats);
                out.println("updated " + Golden.versionSuffix(impl) + " golden variants of " + t.id() + " for "
                        + String.join(", ", outputs.keySet()));
            } else if (!outputs.isEmpty()) {
                golden.update(t, outputs, allFormats);
                out.println("updated golden output of " + t.id() + " for " + String.join(", ", outputs.keySet()));
            }
            for (CaseResult r : e.getValue().values()) {
                if (outputs.containsKey(r.testCase().fmt())) {
                    var file = golden.fileFor(t, r.testCase().fmt(), r.testCase().impl());
                    boolean same = golden.read(file).map(r.output()::equals).orElse(false);
                    out2.add(new CaseResult(r.testCase(), same ? Outcome.PASS : Outcome.FAIL,
                            same ? "" : "golden update did not take", r.output(), file, "", r.time(), r.commands(),
                            r.checkpoints(), r.testDir()));
                } else {
                    out2.add(r);
                }
            }
        }
        return out2;
    }
}
