package io.jiotests.harness.container;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/** Runs against the real jiotests/qemu:7.2 image; without Docker "aborted" with the reason, under CI a failure. */
class QemuContainerTest {
    @TempDir
    static Path root;
    static QemuContainer qemu;

    @BeforeAll
    static void start() {
        Optional<String> why = DockerEngine.unavailableReason();
        if (why.isPresent()) {
            if (DockerEngine.underCi()) {
                fail("CI=true but the reference container cannot run: " + why.get());
            }
            abort("not run: " + why.get());
        }
        qemu = QemuContainer.start("7.2", root, List.of());
    }

    @AfterAll
    static void stop() {
        if (qemu != null) {
            qemu.close();
        }
    }

    private static QemuContainer.ToolOutcome run(String... argv) {
        return qemu.run(root, Duration.ofSeconds(30), false, List.of(argv));
    }

    @Test
    void reportsItsQemuVersion() {
        assertThat(qemu.qemuVersion()).startsWith("7.2.");
    }

    @Test
    void writesIntoTheSharedDirectoryAtTheSamePathAsTheHostUser() throws Exception {
        Path img = root.resolve("t.qcow2");
        var r = run("qemu-img", "create", "-f", "qcow2", img.toString(), "1M");
        assertThat(r.result().exitCode()).isZero();
        assertThat(r.result().stdout()).startsWith("Formatting '" + img + "', fmt=qcow2 ");
        // the same bytes as the host's qemu-img 7.2 writes (a 1 MiB qcow2 is 196616 bytes there too)
        assertThat(Files.size(img)).isEqualTo(196_616);
        assertThat(Files.readAllBytes(img)).startsWith(new byte[] {'Q', 'F', 'I', (byte) 0xfb});
        assertThat(Files.getAttribute(img, "unix:uid")).isEqualTo(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        var info = run("qemu-img", "info", "t.qcow2");
        assertThat(info.result().stdout()).contains("image: t.qcow2", "virtual size: 1 MiB (1048576 bytes)");
    }

    /**
     * Writes "one" to stdout, "two" to stderr and "three" to stdout, each only once the runner has
     * read everything written before it (FIONREAD, 0x541B, on its end of the pipe is 0): the order
     * in which the lines arrive at the runner is then fixed. (With sleeps of 50 ms between the
     * writes instead, a runner not scheduled for 50 ms finds "two" and "three" waiting together
     * and reads stdout first: "one three two", as a SIGSTOPped runner shows.)
     */
    static final String ONE_TWO_THREE = "sub drained { my $fh = shift; for (1 .. 60000) {"
            + " my $n = pack('L', 0); ioctl($fh, 0x541B, $n) or die \"FIONREAD: $!\\n\";"
            + " return if unpack('L', $n) == 0; select(undef, undef, undef, 0.001); }"
            + " die \"the runner did not read the pipe\\n\"; }"
            + " $| = 1; print STDOUT \"one\\n\"; drained(\\*STDOUT); print STDERR \"two\\n\"; drained(\\*STDERR);"
            + " print STDOUT \"three\\n\"; exit 3;";

    @Test
    void keepsStreamsApartAndMergesThemInOrder() {
        var r = run("perl", "-e", ONE_TWO_THREE);
        assertThat(r.result().exitCode()).isEqualTo(3);
        assertThat(r.result().stdout()).isEqualTo("one\nthree\n");
        assertThat(r.result().stderr()).isEqualTo("two\n");
        assertThat(r.result().merged()).isEqualTo("one\ntwo\nthree\n");
        var one = qemu.run(root, Duration.ofSeconds(30), true, List.of("sh", "-c", "echo one; echo two >&2; echo three"));
        assertThat(one.result().stdout()).isEqualTo("one\ntwo\nthree\n");
        assertThat(one.result().merged()).isEqualTo("one\ntwo\nthree\n");
        assertThat(one.result().stderr()).isEmpty();
        var bad = run("qemu-img", "info", root.resolve("missing.img").toString());
        assertThat(bad.result().exitCode()).isEqualTo(1);
        assertThat(bad.result().stderr()).isEqualTo("qemu-img: Could not open '" + root.resolve("missing.img")
                + "': Could not open '" + root.resolve("missing.img") + "': No such file or directory\n");
    }

    @Test
    void killsACommandAtItsTimeoutAndSaysSo() {
        var r = qemu.run(root, Duration.ofSeconds(1), false, List.of("sleep", "30"));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.result().exitCode()).isEqualTo(128 + 9);
        var missing = run("no-such-program");
        assertThat(missing.result().exitCode()).isEqualTo(127);
        assertThat(missing.result().stderr()).startsWith("runner: cannot run no-such-program");
    }

    @Test
    void runnerChannelAndDockerExecGiveTheSameResult() {
        // Both channels run the same runner.pl, so a command gives the same exit code and streams
        // either way. The time per call is printed for the README's figures, never asserted (a
        // loaded machine could reorder them).
        List<String> argv = List.of("qemu-img", "info", "--output=json", "missing.qcow2");
        var viaRunner = qemu.run(root, Duration.ofSeconds(30), false, argv);
        var viaExec = qemu.runViaDockerExec(root, Duration.ofSeconds(30), false, argv);
        assertThat(viaExec.result().exitCode()).isEqualTo(viaRunner.result().exitCode()).isEqualTo(1);
        assertThat(viaExec.result().stdout()).isEqualTo(viaRunner.result().stdout());
        assertThat(viaExec.result().stderr()).isEqualTo(viaRunner.result().stderr())
                .contains("Could not open 'missing.qcow2'");
        List<String> version = List.of("qemu-img", "--version");
        long t0 = System.nanoTime();
        int n = 10;
        for (int i = 0; i < n; i++) {
            assertThat(qemu.run(root, Duration.ofSeconds(30), false, version).result().stdout()).startsWith("qemu-img version 7.2.");
        }
        long runner = (System.nanoTime() - t0) / n;
        long t1 = System.nanoTime();
        int m = 3;
        for (int i = 0; i < m; i++) {
            assertThat(qemu.runViaDockerExec(root, Duration.ofSeconds(30), false, version).result().stdout())
                    .startsWith("qemu-img version 7.2.");
        }
        long exec = (System.nanoTime() - t1) / m;
        System.out.printf("qemu-container:7.2 per call: runner FIFO %.1f ms, docker exec %.1f ms%n",
                runner / 1e6, exec / 1e6);
    }
}
