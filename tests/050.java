package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Backing loops (an image that is its own backing file, or two images that back each other) are
 * detected by info --backing-chain and refused at open; a plain info still works.
 */
@IoTest(number = 50, title = "backing file loops are detected",
        groups = {"backing", "auto", "quick"}, formats = {"qcow2"}, imageLevel = "none")
final class T050 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String a = t.path("a.qcow2").toString();
        String b = t.path("b.qcow2").toString();
        t.img("create", "-q", "-f", "qcow2", "-u", "-b", b, "-F", "qcow2", a, "1M");
        t.img("create", "-q", "-f", "qcow2", "-u", "-b", a, "-F", "qcow2", b, "1M");
        t.echo("info --backing-chain: rc=" + t.img("info", "--backing-chain", a));
        t.echo("info: rc=" + t.imgQuiet("info", a).exitCode());
        t.echo("qemu-io: rc=" + t.io("-c", "read 0 512", a));
        t.echo("=== an image that is its own backing file ===");
        t.echo("create: rc=" + t.img("create", "-f", "qcow2", "-b", t.testImg(), "-F", "qcow2", t.testImg(), "1M"));
        t.img("create", "-q", "-f", "qcow2", t.testImg(), "1M");
        t.img("rebase", "-u", "-b", t.testImg(), "-F", "qcow2", t.testImg());
        t.echo("info --backing-chain: rc=" + t.img("info", "--backing-chain", t.testImg()));
        t.echo("qemu-io: rc=" + t.ioCmds("read 0 512"));
    }
}
