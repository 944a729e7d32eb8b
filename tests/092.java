package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** resize on the other formats: growing works where supported, shrinking and unsupported formats error. */
@IoTest(number = 92, title = "resize on qed, vmdk, vdi, vpc, vhdx, parallels",
        groups = {"img", "resize", "formats", "auto", "quick"},
        formats = {"qed", "vmdk", "vdi", "vpc", "vhdx", "parallels"})
final class T092 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.makeTestImg("4M");
        t.ioCmds("write -q -P 0x92 0 4M");
        t.echo("grow: rc=" + t.img("resize", "-f", f, t.testImg(), "8M"));
        t.ioCmds("length", "read -P 0x92 0 4M");
        t.echo("shrink: rc=" + t.img("resize", "-f", f, "--shrink", t.testImg(), "2M"));
        t.ioCmds("length", "read -P 0x92 0 2M");
        t.echo("check: rc=" + t.imgQuiet("check", "-f", f, t.testImg()).exitCode());
    }
}
