package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/** qemu-io -r: reads work, every kind of write is refused, and the file is untouched. */
@IoTest(number = 20, title = "read-only opens refuse writes and leave the image untouched",
        groups = {"rw", "io", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T020 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x3c 0 128k");
        String before = t.sha256(Path.of(t.testImg()));
        String img = t.testImg();
        String fmt = t.fmt();
        t.echo("rc=" + t.io("-r", "-f", fmt, "-c", "read -P 0x3c 0 128k", img));
        t.echo("rc=" + t.io("-r", "-f", fmt, "-c", "write -P 0x11 0 512", img));
        t.echo("rc=" + t.io("-r", "-f", fmt, "-c", "write -z 0 64k", img));
        t.echo("rc=" + t.io("-r", "-f", fmt, "-c", "discard 0 64k", img));
        t.echo("rc=" + t.io("-r", "-f", fmt, "-c", "writev 0 512 512", img));
        t.echo("rc=" + t.io("-r", "-f", fmt, "-c", "aio_write 0 512", "-c", "aio_flush", img));
        t.echo("rc=" + t.io("-r", "-f", fmt, "-c", "truncate 2M", img));
        t.echo("=== reopen read-write and read-only again ===");
        t.echo(t.sha256(Path.of(img)).equals(before) ? "image unchanged" : "IMAGE CHANGED");
        t.echo("rc=" + t.io("-r", "-f", fmt, "-c", "reopen -w", "-c", "write -P 0x3d 0 512", img));
        t.echo("rc=" + t.io("-r", "-f", fmt, "-c", "reopen -w", "-c", "reopen -r", "-c", "write -P 0x3e 0 512", img));
        t.ioCmds("read -P 0x3d 0 512", "read -P 0x3c 512 130560");
    }
}
