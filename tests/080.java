package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qemu-img bench: the summary line of read and write runs with count, depth, buffer size, step,
 * offset and pattern; the result is checked by reading the written pattern back. The elapsed time
 * is filtered.
 */
@IoTest(number = 80, title = "bench read and write runs",
        groups = {"img", "bench", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T080 implements ConformanceTest {
    static String noTime(String s) {
        return s.replaceAll("Run completed in [0-9.]+ seconds\\.", "Run completed in X seconds.");
    }

    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.makeTestImg("4M");
        t.echoFiltered(t.imgMerged("bench", "-f", f, "-c", "16", "-s", "64k", t.testImg()).merged(), T080::noTime);
        t.echoFiltered(t.imgMerged("bench", "-f", f, "-w", "-c", "32", "-d", "4", "-s", "4k", "-S", "8k",
                "-o", "1M", "--pattern=0x42", t.testImg()).merged(), T080::noTime);
        t.ioCmds("read -P 0x42 1M 4k", "read -P 0 1052672 4k", "read -P 0x42 1056768 4k", "read -P 0 0 1M");
        t.echoFiltered(t.imgMerged("bench", "-f", f, "-w", "-c", "4", "--flush-interval=2", "-t", "none",
                "-s", "512", t.testImg()).merged(), T080::noTime);
        t.echo("=== errors ===");
        t.echo("rc=" + t.img("bench", "-f", f, "-c", "0x", t.testImg()));
        t.echo("rc=" + t.img("bench", "-f", f, "-s", "0x", t.testImg()));
        t.echo("rc=" + t.img("bench", "-f", f, "--flush-interval=2", t.testImg()));
        var r = t.imgQuiet("bench", "-f", f, "-c", "1", "-o", "8M", t.testImg());
        t.echo("past the end: rc=" + r.exitCode());
        t.echo(t.filter(r.stdout().strip()));
        t.echo(t.filter(r.stderr().strip()));
    }
}
