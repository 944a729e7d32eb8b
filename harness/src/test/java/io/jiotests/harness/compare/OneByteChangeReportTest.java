package io.jiotests.harness.compare;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import io.jiotests.harness.api.ToolResult;
import io.jiotests.harness.backend.Backend;
import io.jiotests.harness.backend.JavaBackend;
import io.jiotests.harness.backend.QemuBackend;
import io.jiotests.harness.backend.RunEnvironment;
import io.jiotests.harness.backend.StreamMode;
import io.jiotests.harness.report.ReportWriter;
import io.jiotests.harness.run.CaseResult;
import io.jiotests.harness.run.Checkpoint;
import io.jiotests.harness.run.CrossCheck;
import io.jiotests.harness.run.Expectations;
import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.Outcome;
import io.jiotests.harness.run.TestCase;
import io.jiotests.harness.run.TestInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance check through the whole reporting path: the Java engine and the host's
 * reference qemu-img run the same steps (create, write, snapshot); their end-of-test images are
 * compared the way ./check and mvn verify compare checkpoints, and the reports are written. The
 * snapshot dates differ, so the images pass only thanks to the masks, which the report lists; then
 * one byte of the Java-written image changes and the cross check fails, naming the offset and the
 * field in the console notes, results.json and report.html, and matrix.txt shows the disagreement.
 */
class OneByteChangeReportTest {
    @IoTest(number = 901, title = "write and snapshot", groups = {"quick"}, formats = {"qcow2"})
    static final class WriteAndSnapshot implements ConformanceTest {
        @Override
        public void run(TestContext t) {
        }
    }

    @TempDir
    Path dir;
    private final JavaBackend java = new JavaBackend();

    @AfterEach
    void close() {
        java.close();
    }

    private static ToolResult ok(Backend b, Path cwd, String program, String... args) {
        ToolResult r = b.run(program, List.of(args), cwd, StreamMode.SEPARATE, Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(b.name() + " " + program + " " + List.of(args) + ": " + r.merged()).isZero();
        return r;
    }

    /** The same steps under one implementation, in its own test directory; returns the image. */
    private static Path steps(Backend b, Path testDir) throws Exception {
        Files.createDirectories(testDir);
        Path img = testDir.resolve("t.qcow2");
        ok(b, testDir, "qemu-img", "create", "-q", "-f", "qcow2", img.toString(), "4M");
        ok(b, testDir, "qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 64k 64k", img.toString());
        ok(b, testDir, "qemu-img", "snapshot", "-c", "s1", img.toString());
        return img;
    }

    private static JudgedResult passed(TestInfo t, String impl, Path testDir, Path img) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(img)));
        Checkpoint end = new Checkpoint("end of test", List.of(new Checkpoint.Image("t.qcow2", Files.size(img), sha, img)));
        CaseResult r = new CaseResult(new TestCase(t, "qcow2", "file", impl), Outcome.PASS, "", "same output\n",
                testDir.resolve("901.out"), "", Duration.ofMillis(1), List.of(), List.of(end), testDir);
        return JudgedResult.judge(r, Expectations.none());
    }

    @Test
    void maskedFieldsAreListedAndAOneByteChangeIsNamedInEveryReport() throws Exception {
        RunEnvironment env = new RunEnvironment(dir, dir, System.getenv());
        QemuBackend qemu = QemuBackend.fromEnvironment(env);
        Path qemuDir = dir.resolve("901-qcow2-file-qemu");
        Path javaDir = dir.resolve("901-qcow2-file-java");
        Path ref = steps(qemu, qemuDir);
        Thread.sleep(1100); // the snapshot dates differ in their seconds too
        Path img = steps(java, javaDir);
        assertThat(Files.mismatch(ref, img)).as("the snapshot dates differ").isNotNegative();

        Map<String, Backend> backends = new LinkedHashMap<>();
        backends.put("qemu", qemu);
        backends.put("java", java);
        CheckpointComparer images = new CheckpointComparer(backends, Duration.ofSeconds(60));
        TestInfo t = TestInfo.of(WriteAndSnapshot.class);

        // 1. equal but for the masked time fields: no difference, the masks listed
        CrossCheck same = CrossCheck.compare(List.of(passed(t, "qemu", qemuDir, ref), passed(t, "java", javaDir, img)),
                images).getFirst();
        assertThat(same.differs()).as(same.imageNotes().toString()).isFalse();
        ImageMatch m = same.images().getFirst();
        assertThat(m.required()).isEqualTo("bytes");
        assertThat(m.reached()).isEqualTo("bytes");
        assertThat(m.holds()).isTrue();
        assertThat(m.levels()).anyMatch(n -> n.startsWith("bytes: pass - bytes identical")
                && n.contains("masked: [snapshot[0].date_sec [0x"));
        assertThat(m.levels()).anyMatch(n -> n.startsWith("metadata: pass")
                && n.contains("masked: date-nsec, date-sec"));

        // 2. one byte of the Java-written image changed: in the guest data at guest offset 64k + 0x123
        byte[] b = Files.readAllBytes(img);
        long l1 = ByteBuffer.wrap(b).getLong(40);
        long l2 = ByteBuffer.wrap(b).getLong((int) l1) & 0x00fffffffffffe00L;
        long data = ByteBuffer.wrap(b).getLong((int) l2 + 8) & 0x00fffffffffffe00L;
        long off = data + 0x123;
        b[(int) off] ^= 0x01;
        Files.write(img, b);
        List<JudgedResult> results = List.of(passed(t, "qemu", qemuDir, ref), passed(t, "java", javaDir, img));
        CrossCheck changed = CrossCheck.compare(results, images).getFirst();
        String where = String.format("bytes differ at offset %d (0x%x): data cluster (guest 0x10000) +0x123", off, off);
        assertThat(changed.unexpected()).isTrue();
        assertThat(changed.imageNotes()).anyMatch(n -> n.startsWith("checkpoint 'end of test' image t.qcow2: required bytes: bytes: fail - " + where));
        ImageMatch d = changed.images().getFirst();
        assertThat(d.firstDiff()).isEqualTo(off);
        assertThat(d.field()).isEqualTo("data cluster (guest 0x10000) +0x123");
        assertThat(d.holds()).isFalse();

        Path reports = dir.resolve("reports");
        new ReportWriter(reports, dir).write(results, List.of(changed));
        assertThat(Files.readString(reports.resolve("results.json"))).contains(where,
                "\"first_diff\": " + off + ", \"field\": \"data cluster (guest 0x10000) +0x123\"");
        assertThat(Files.readString(reports.resolve("report.html"))).contains(where);
        assertThat(Files.readString(reports.resolve("matrix.txt")))
                .contains("901  qcow2      pass", "qemu \u2260 java (images: UNEXPECTED: both match golden)");
    }
}
