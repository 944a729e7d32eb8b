package io.jiotests.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jiotests.harness.backend.ProcessRunner;
import io.jiotests.harness.report.MiniJson;
import io.jiotests.harness.run.RepoLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark machinery end to end on --quick inputs and a few workloads, one run each: inputs
 * are generated, both sides are tried, and bench.json / bench.md are well formed. Never a timing
 * assertion (timings on a shared machine say nothing in a unit test).
 */
class BenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    void quickRunWritesWellFormedResults() throws Exception {
        if (ProcessRunner.findExecutable("qemu-img", System.getenv()).isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and qemu-img is missing");
            }
            Assumptions.abort("not run: qemu-img not installed");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Bench.run(new String[] {"--quick", "--runs", "2", "--work", dir.resolve("work").toString(),
                "--out", dir.resolve("out").toString(), "--only", "convert raw->raw", "--only", "map --output=json",
                "--only", "bench raw 4k read d1 writeback"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                System.getenv(), RepoLayout.locate());
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as("stderr: %s", err).isZero();
        assertThat(console).contains("convert raw->raw", "map --output=json (256 extents)", "bench raw 4k read d1 writeback");
        Object parsed = MiniJson.parse(Files.readString(dir.resolve("out/bench.json")));
        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> root = (Map<?, ?>) parsed;
        assertThat(root.get("quick")).isEqualTo(true);
        assertThat(root.get("runs")).isEqualTo(2.0);
        assertThat(((Map<?, ?>) root.get("machine")).get("cpus")).isInstanceOf(Double.class);
        List<?> ws = (List<?>) root.get("workloads");
        assertThat(ws).hasSize(3);
        for (Object o : ws) {
            Map<?, ?> w = (Map<?, ?>) o;
            Map<?, ?> q = (Map<?, ?>) w.get("qemu");
            Map<?, ?> j = (Map<?, ?>) w.get("java");
            assertThat(q.get("ok")).as("qemu side of %s: %s", w.get("name"), q.get("failure")).isEqualTo(true);
            assertThat((List<?>) q.get("times_s")).hasSize(2);
            assertThat((Double) q.get("median_s")).isPositive();
            // CPU time of the qemu-img children, from /proc/self/stat (10 ms ticks)
            assertThat((Double) q.get("median_cpu_s")).isGreaterThanOrEqualTo(0.0);
            if (Boolean.TRUE.equals(j.get("ok"))) {
                assertThat((Double) w.get("ratio")).isPositive();
            } else {
                // the Java side may not support the workload yet: then it says why, and there is no ratio
                assertThat((String) j.get("failure")).isNotBlank();
                assertThat(w.get("ratio")).isNull();
            }
            if (w.get("name").toString().startsWith("bench")) {
                assertThat(w.get("ops")).isEqualTo(2000.0);
                assertThat((Double) q.get("iops")).isPositive();
            }
        }
        assertThat(Files.readString(dir.resolve("out/bench.md"))).contains("| workload | qemu-img (s) | jqemu-img (s) | java / qemu |");
        // the inputs: the sparse raw has its holes, and a rerun reuses the generated inputs
        Path raw = dir.resolve("work").resolve(Inputs.DATA_RAW);
        assertThat(Files.size(raw)).isEqualTo(Inputs.Sizes.QUICK.image());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        int rc2 = Bench.run(new String[] {"--quick", "--runs", "1", "--work", dir.resolve("work").toString(), "--out",
                dir.resolve("out2").toString(), "--only", "info ("}, new PrintStream(again, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), System.getenv(), RepoLayout.locate());
        assertThat(rc2).isZero();
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("bench: reusing inputs");
    }

    @Test
    void badOptionsAreUsageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Bench.run(new String[] {"--runs", "0"}, o, e, System.getenv(), RepoLayout.locate())).isEqualTo(2);
        assertThat(Bench.run(new String[] {"--java", "jit"}, o, e, System.getenv(), RepoLayout.locate())).isEqualTo(2);
        assertThat(Bench.run(new String[] {"--frobnicate"}, o, e, System.getenv(), RepoLayout.locate())).isEqualTo(2);
        assertThat(Bench.run(new String[] {"--warmup", "-1"}, o, e, System.getenv(), RepoLayout.locate())).isEqualTo(2);
        assertThat(Bench.run(new String[] {"--warmup", "x"}, o, e, System.getenv(), RepoLayout.locate())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bench: --runs must be 1..1000", "bench: --java takes auto",
                "bench: --warmup must be 0..1000", "bench: --warmup takes a number",
                "bench: unknown option --frobnicate", "Usage: bench/run");
    }
}
