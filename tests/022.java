package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-io's exit status: 0 on success, 1 when a command or the open fails, with its messages. */
@IoTest(number = 22, title = "qemu-io exit codes and messages on failure",
        groups = {"io", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T022 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        String img = t.testImg();
        String fmt = t.fmt();
        t.echo("success: rc=" + t.io("-f", fmt, "-c", "read 0 512", img));
        t.echo("failing read: rc=" + t.io("-f", fmt, "-c", "read 2M 512", img));
        t.echo("failure then success: rc=" + t.io("-f", fmt, "-c", "read 2M 512", "-c", "read 0 512", img));
        t.echo("pattern mismatch: rc=" + t.io("-f", fmt, "-c", "read -P 0x01 0 512", img));
        t.echo("unknown command: rc=" + t.io("-f", fmt, "-c", "frobnicate", img));
        t.echo("bad option: rc=" + t.io("-f", fmt, "-c", "read -Z 0 512", img));
        t.echo("bad number: rc=" + t.io("-f", fmt, "-c", "read zero 512", img));
        t.echo("missing args: rc=" + t.io("-f", fmt, "-c", "write 0", img));
        t.echo("missing file: rc=" + t.io("-f", fmt, "-c", "read 0 512", t.path("nonexistent").toString()));
        t.echo("unknown format: rc=" + t.io("-f", "nosuchfmt", "-c", "read 0 512", img));
        t.echo("no file open: rc=" + t.io("-c", "read 0 512"));
    }
}
