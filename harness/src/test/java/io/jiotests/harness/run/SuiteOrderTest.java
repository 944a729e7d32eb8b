package io.jiotests.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import io.jiotests.harness.api.ToolResult;
import io.jiotests.harness.backend.Backend;
import io.jiotests.harness.backend.StreamMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With several jobs, the cases of an in-process backend all end before a case of another backend
 * starts: a subprocess started meanwhile would hold copies of the engine's image descriptors (and
 * so their locks) until it execs. Results still come in case order.
 */
class SuiteOrderTest {
    @TempDir
    Path dir;

    @IoTest(number = 902, title = "three tool calls", groups = {"quick"}, formats = {"raw"})
    static final class ThreeCalls implements ConformanceTest {
        @Override
        public void run(TestContext t) {
            for (int i = 0; i < 3; i++) {
                t.img("info", t.testImg());
            }
        }
    }

    /** Records "name start" and "name end" around every call. */
    private record Recording(String name, boolean inProcess, List<String> events) implements Backend {
        @Override
        public ToolResult run(String program, List<String> args, Path cwd, StreamMode mode, Duration timeout) {
            events.add(name + " start");
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add(name + " end");
            return new ToolResult(0, "", "", "");
        }
    }

    @Test
    void inProcessCasesEndBeforeOtherCasesStart() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Map<String, Backend> backends = new LinkedHashMap<>();
        for (String name : List.of("sub-a", "engine-a", "sub-b", "engine-b", "sub-c")) {
            backends.put(name, new Recording(name, name.startsWith("engine"), events));
        }
        TestInfo info = TestInfo.of(ThreeCalls.class);
        List<TestCase> cases = backends.keySet().stream().map(impl -> new TestCase(info, "raw", "file", impl)).toList();
        CaseRunner runner = new CaseRunner(new Golden(dir.resolve("golden")), dir.resolve("work"), "",
                Duration.ofSeconds(10), false, Map.of());
        List<String> reported = new ArrayList<>();
        List<CaseResult> results = Suite.run(cases, backends, runner, 3, r -> reported.add(r.testCase().impl()));

        assertThat(reported).containsExactly("sub-a", "engine-a", "sub-b", "engine-b", "sub-c");
        assertThat(results).extracting(r -> r.testCase().impl()).containsExactlyElementsOf(reported);
        assertThat(events).hasSize(5 * 3 * 2);
        int lastEngine = -1;
        int firstOther = events.size();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("engine")) {
                lastEngine = i;
            } else {
                firstOther = Math.min(firstOther, i);
            }
        }
        assertThat(lastEngine).as("every engine call before the first subprocess call: %s", events)
                .isLessThan(firstOther);
    }
}
