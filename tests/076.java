package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * resize: growing (new area reads zero), shrinking only with --shrink for formats that need it,
 * relative sizes (+/-), and what survives a shrink.
 */
@IoTest(number = 76, title = "resize grow, shrink and --shrink",
        groups = {"img", "resize", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T076 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x76 0 1M");
        t.echo("grow: rc=" + t.img("resize", "-f", f, t.testImg(), "2M"));
        t.ioCmds("length", "read -P 0x76 0 1M", "read -P 0 1M 1M");
        t.echo("grow relative: rc=" + t.img("resize", "-f", f, t.testImg(), "+512k"));
        t.ioCmds("length");
        t.echo("shrink without --shrink: rc=" + t.img("resize", "-f", f, t.testImg(), "1M"));
        t.ioCmds("length");
        t.echo("shrink relative with --shrink: rc=" + t.img("resize", "-f", f, "--shrink", t.testImg(), "-2M"));
        t.ioCmds("length", "read -P 0x76 0 512k");
        t.echo("grow again: rc=" + t.img("resize", "-f", f, t.testImg(), "1M"));
        t.ioCmds("read -P 0x76 0 512k", "read -P 0 512k 512k");
        t.echo("=== errors ===");
        t.echo("negative: rc=" + t.img("resize", "-f", f, "--shrink", t.testImg(), "-4M"));
        t.echo("garbage: rc=" + t.img("resize", "-f", f, t.testImg(), "1X"));
        t.echo("no size: rc=" + t.img("resize", "-f", f, t.testImg()));
        if (f.equals("qcow2")) {
            t.img("check", t.testImg());
            t.echo("=== with a snapshot ===");
            t.img("snapshot", "-c", "s", t.testImg());
            t.echo("shrink: rc=" + t.img("resize", "--shrink", t.testImg(), "512k"));
            t.echo("grow: rc=" + t.img("resize", t.testImg(), "4M"));
            t.img("check", t.testImg());
        }
    }
}
