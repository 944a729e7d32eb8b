package io.jiotests.harness.report;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import io.jiotests.harness.compare.ImageMatch;
import io.jiotests.harness.run.CaseResult;
import io.jiotests.harness.run.Checkpoint;
import io.jiotests.harness.run.CrossCheck;
import io.jiotests.harness.run.Expectations;
import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.Outcome;
import io.jiotests.harness.run.TestCase;
import io.jiotests.harness.run.TestInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small made-up run for the report tests: passes, a failure with a diff, an expected failure, a not-run. */
final class ReportFixtures {

    @IoTest(number = 1, title = "create <and> info", groups = {"quick", "img"}, formats = {"generic"})
    static final class T1 implements ConformanceTest {
        @Override
        public void run(TestContext t) {
        }
    }

    @IoTest(number = 2, title = "write and read back", groups = {"quick", "rw"}, formats = {"generic"})
    static final class T2 implements ConformanceTest {
        @Override
        public void run(TestContext t) {
        }
    }

    @IoTest(number = 3, title = "qcow2 only", groups = {"rw"}, formats = {"qcow2"})
    static final class T3 implements ConformanceTest {
        @Override
        public void run(TestContext t) {
        }
    }

    static final String DIFF = """
            --- 002.out
            +++ 002.out.bad
            @@ -1,3 +1,3 @@
             wrote 512/512 bytes at offset 0
            -read 512/512 bytes at offset 0
            +Pattern verification failed at offset 0, 512 bytes
             *** done
            """;

    private ReportFixtures() {
    }

    static TestInfo info(Class<? extends ConformanceTest> c) {
        return TestInfo.of(c);
    }

    /** The run: qemu passes everything; java fails 002 raw (listed: no), 001 is an expected failure, 003 not run. */
    static List<JudgedResult> results(Path goldenDir) throws IOException {
        Files.createDirectories(goldenDir);
        Files.writeString(goldenDir.resolve("001.out"), "Formatting 'TEST_DIR/t.IMGFMT'\n");
        Files.writeString(goldenDir.resolve("002.out"), "wrote 512/512 bytes at offset 0\nread 512/512 bytes at offset 0\n*** done\n");
        Files.writeString(goldenDir.resolve("003.out"), "No errors were found on the image.\n");
        Expectations javaExp = Expectations.parse(List.of("001 jqemu-img info not written yet", "003 not run: qcow2 driver not available"), "java.txt");
        List<JudgedResult> out = new ArrayList<>();
        for (String impl : List.of("qemu", "java")) {
            for (String fmt : List.of("raw", "qcow2")) {
                Expectations exp = impl.equals("java") ? javaExp : Expectations.none();
                out.add(JudgedResult.judge(result(info(T1.class), fmt, impl, goldenDir, "001.out",
                        impl.equals("java") ? Outcome.FAIL : Outcome.PASS, ""), exp));
                boolean broken = impl.equals("java") && fmt.equals("raw");
                out.add(JudgedResult.judge(result(info(T2.class), fmt, impl, goldenDir, "002.out",
                        broken ? Outcome.FAIL : Outcome.PASS, broken ? DIFF : ""), exp));
                if (fmt.equals("qcow2")) {
                    out.add(JudgedResult.judge(result(info(T3.class), fmt, impl, goldenDir, "003.out",
                            impl.equals("java") ? Outcome.NOT_RUN : Outcome.PASS, ""), exp));
                }
            }
        }
        return out;
    }

    static CaseResult result(TestInfo t, String fmt, String impl, Path goldenDir, String golden, Outcome o, String diff) {
        String reason = switch (o) {
            case PASS -> "";
            case FAIL -> diff.isEmpty() ? "qemu-img: unknown command 'info'" : "output mismatch (see 002.out.bad)";
            case NOT_RUN -> "qcow2 driver not available";
        };
        String output = o == Outcome.NOT_RUN ? "" : "wrote 512/512 bytes at offset 0\n<tag> & \"quotes\"\n";
        List<Checkpoint> cps = List.of(new Checkpoint("after write",
                List.of(new Checkpoint.Image("t." + fmt, 1048576, impl.equals("java") ? "ab12" : "cd34"))));
        return new CaseResult(new TestCase(t, fmt, "file", impl), o, reason, output, goldenDir.resolve(golden), diff,
                Duration.ofMillis(120), List.of("qemu-img create -f " + fmt + " TEST_DIR/t." + fmt + " 1M"), cps,
                goldenDir.getParent());
    }

    /**
     * The cross checks of the run; 002 raw (qemu vs java) as a comparer would report it: the bytes
     * differ at 4096 (guest data), metadata and guest-visible contents agree.
     */
    static List<CrossCheck> cross(List<JudgedResult> results) {
        List<CrossCheck> out = new ArrayList<>();
        for (CrossCheck c : CrossCheck.compare(results)) {
            if (c.test().equals("002") && c.fmt().equals("raw")) {
                String bytes = "bytes: fail - bytes differ at offset 4096 (0x1000): data";
                ImageMatch m = new ImageMatch("after write", "t.raw", "bytes", "metadata", 4096, "data",
                        List.of(bytes, "metadata: pass - info and map --output=json equal",
                                "guest-visible: pass - qemu-img compare: identical"),
                        List.of("required bytes: " + bytes));
                c = new CrossCheck(c.test(), c.fmt(), c.left(), c.right(), c.diff(),
                        List.of("checkpoint 'after write' image t.raw: required bytes: " + bytes), c.unexpected(), List.of(m));
            }
            out.add(c);
        }
        return out;
    }

    static QemuVersions versions() {
        return new QemuVersions(Map.of("QEMU_IMG_PROG", "/nonexistent/qemu-img"));
    }
}
