package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** A snapshot records the image size: applying one taken before a resize restores the old size. */
@IoTest(number = 122, title = "snapshots across a resize",
        groups = {"snapshot", "resize", "auto", "quick"}, formats = {"qcow2"})
final class T122 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -q -P 0x22 0 1M");
        t.img("snapshot", "-c", "small", t.testImg());
        t.img("resize", t.testImg(), "3M");
        t.ioCmds("write -q -P 0x23 2M 1M", "length");
        t.img("snapshot", "-c", "large", t.testImg());
        t.echoFiltered(t.imgQuiet("snapshot", "-l", t.testImg()).stdout(), T052::noDates);
        t.img("snapshot", "-a", "small", t.testImg());
        t.ioCmds("length", "read -P 0x22 0 1M");
        t.img("snapshot", "-a", "large", t.testImg());
        t.ioCmds("length", "read -P 0x22 0 1M", "read -P 0 1M 1M", "read -P 0x23 2M 1M");
        t.img("check", t.testImg());
        t.echo("=== shrinking below a snapshot's size ===");
        t.echo("rc=" + t.img("resize", "--shrink", t.testImg(), "512k"));
        t.ioCmds("length");
        t.img("check", t.testImg());
    }
}
