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

/** Runs test cases on their backends, {@code jobs} at a time, reporting results in case order. */
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
            List<Future<CaseResult>> futures = new ArrayList<>();
            for (TestCase tc : cases) {
                futures.add(pool.submit(() -> runner.run(tc, backends.get(tc.impl()))));
            }
            for (Future<CaseResult> f : futures) {
                CaseResult r;
                try {
                    r = f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("harness error while running a test", e.getCause());
                }
                onResult.accept(r);
                results.add(r);
            }
        }
        return results;
    }
}
