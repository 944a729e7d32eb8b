package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** The qemu-io truncate command: growing (zero-filled), shrinking, preallocation modes and errors. */
@IoTest(number = 103, title = "qemu-io truncate",
        groups = {"rw", "io", "resize", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T103 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -q -P 0x67 0 1M", "truncate 2M", "length", "read -P 0x67 0 1M", "read -P 0 1M 1M");
        t.ioCmds("truncate 512k", "length", "read -P 0x67 0 512k");
        t.ioCmds("truncate -m falloc 1M", "length", "read -P 0 512k 512k");
        t.echo("rc=" + t.ioCmds("truncate -m bogus 2M"));
        t.echo("rc=" + t.ioCmds("truncate"));
        t.echo("rc=" + t.ioCmds("truncate x"));
        t.echo("rc=" + t.io("-r", "-f", t.fmt(), "-c", "truncate 4M", t.testImg()));
        if (t.fmt().equals("qcow2")) {
            t.img("check", t.testImg());
        }
    }
}
