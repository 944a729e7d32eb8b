package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-img check on every other format: clean images, exit codes, formats without check support. */
@IoTest(number = 88, title = "check on qed, vmdk, vdi, vpc, vhdx, parallels",
        groups = {"check", "formats", "auto", "quick"},
        formats = {"qed", "vmdk", "vdi", "vpc", "vhdx", "parallels"})
final class T088 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("16M");
        t.echo("empty: rc=" + t.img("check", "-f", t.fmt(), t.testImg()));
        t.ioCmds("write -q -P 0x88 0 3M", "write -q -P 0x89 9M 64k");
        t.echo("written: rc=" + t.img("check", "-f", t.fmt(), t.testImg()));
        t.echo("json: rc=" + t.img("check", "-f", t.fmt(), "--output=json", t.testImg()));
        t.echo("repair: rc=" + t.img("check", "-f", t.fmt(), "-r", "all", t.testImg()));
    }
}
