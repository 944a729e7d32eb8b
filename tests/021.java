package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/** qemu-io -s puts a temporary overlay on top: writes are visible in the session only. */
@IoTest(number = 21, title = "-s temporary snapshot overlay leaves the image untouched",
        groups = {"rw", "io", "snapshot", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T021 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x21 0 1M");
        String before = t.sha256(Path.of(t.testImg()));
        t.io("-s", "-f", t.fmt(), "-c", "write -P 0x22 0 64k", "-c", "write -z 64k 64k",
             "-c", "discard 128k 64k", "-c", "read -P 0x22 0 64k", "-c", "read -P 0 64k 64k",
             "-c", "read -P 0x21 192k 832k", "-c", "flush", t.testImg());
        t.echo(t.sha256(Path.of(t.testImg())).equals(before) ? "image unchanged" : "IMAGE CHANGED");
        t.ioCmds("read -P 0x21 0 1M");
        t.echo("=== open -s from inside qemu-io ===");
        t.io("-c", "open -s -o driver=" + t.fmt() + " " + t.testImg(), "-c", "write -P 0x23 0 512",
             "-c", "read -P 0x23 0 512", "-c", "close",
             "-c", "open -o driver=" + t.fmt() + " " + t.testImg(), "-c", "read -P 0x21 0 512");
        t.echo(t.sha256(Path.of(t.testImg())).equals(before) ? "image unchanged" : "IMAGE CHANGED");
    }
}
