package io.jiotests.harness.run;

import io.jiotests.harness.backend.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs test cases on their backends, {@code jobs} at a time, reporting results in case order.
 *
 * <p>With more than one job, the cases of in-process backends (the engine in this JVM) run first,
 * before any case of another backend starts: a subprocess started by this JVM holds a copy of
 * every descriptor open at that instant until it execs, so an image the engine has just closed
 * keeps its lock for a moment, and the engine's next open of it in the same case fails with
 * "Failed to get "write" lock" (./check --impl qemu --impl java -j 2: 20 and 8 of 231 java cases
 * in two runs on a loaded 2-core machine). Cases without subprocesses running beside them never
 * see that. mvn verify's ConformanceSuiteTest orders them the same way.
 */
public final class Suite {

    private Suite() {
    }

    public static List<CaseResult> run(List<TestCase> cases, Map<String, Backend> backends, CaseRunner runner,
                                       int jobs, Consumer<CaseResult> onResult) {
        List<CaseResult> results = new ArrayList<>(cases.size());
        if (jobs <= 1) {
            for (TestCase tc : cases) {
                CaseResult r = runner.run(tc, backends.get(tc.impl()));
                onResult.accept(r);
                results.add(r);
            }
            return results;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs)) {
            List<Future<CaseResult>> futures = new ArrayList<>(java.util.Collections.nCopies(cases.size(), null));
            for (boolean inProcess : new boolean[] {true, false}) {
                List<Future<CaseResult>> phase = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    TestCase tc = cases.get(i);
                    Backend b = backends.get(tc.impl());
                    if ((b != null && b.inProcess()) == inProcess) {
                        Future<CaseResult> f = pool.submit(() -> runner.run(tc, b));
                        futures.set(i, f);
                        phase.add(f);
                    }
                }
                if (inProcess) {
                    for (Future<CaseResult> f : phase) {
                        get(f); // every in-process case has ended before a subprocess can start
                    }
                }
            }
            for (Future<CaseResult> f : futures) {
                CaseResult r = get(f);
                onResult.accept(r);
                results.add(r);
            }
        }
        return results;
    }

    private static CaseResult get(Future<CaseResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("harness error while running a test", e.getCause());
        }
    }
}
