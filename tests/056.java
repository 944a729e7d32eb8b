package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * The vmstate area (qemu-io read -b / write -b) lies behind the guest data, persists across opens,
 * does not change what the guest sees and leaves a consistent image.
 */
@IoTest(number = 56, title = "vmstate area: write -b and read -b",
        groups = {"snapshot", "rw", "auto", "quick"}, formats = {"qcow2"})
final class T056 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x56 0 1M");
        t.ioCmds("write -b -P 0xa1 0 4k", "write -b -P 0xa2 102400 3072", "read -b -P 0xa1 0 4k");
        t.ioCmds("read -b -P 0xa1 0 4k", "read -b -P 0xa2 102400 3072", "read -b -P 0 4k 4k",
                 "read -b -P 0 2M 64k", "read -P 0x56 0 1M");
        t.img("check", t.testImg());
        t.echo("=== vmstate on raw is not supported ===");
        String raw = t.path("r.raw").toString();
        t.img("create", "-q", "-f", "raw", raw, "1M");
        t.echo("rc=" + t.io("-f", "raw", "-c", "write -b 0 512", raw));
        t.echo("rc=" + t.io("-f", "raw", "-c", "read -b 0 512", raw));
    }
}
