package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** rebase errors: missing new backing file, missing old one (safe mode), no -F, raw overlays, -u to nowhere. */
@IoTest(number = 116, title = "rebase error paths",
        groups = {"backing", "rebase", "auto", "quick"}, formats = {"qcow2"})
final class T116 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        t.img("create", "-q", "-f", "qcow2", base, "1M");
        t.makeTestImg("1M", "-b", base, "-F", "qcow2");
        t.echo("missing new backing: rc=" + t.img("rebase", "-b", t.path("nowhere").toString(), "-F", "qcow2", t.testImg()));
        t.echo("no -F: rc=" + t.img("rebase", "-b", base, t.testImg()));
        t.echo("no -b: rc=" + t.img("rebase", t.testImg()));
        t.echo("unsafe to nowhere: rc=" + t.img("rebase", "-u", "-b", t.path("nowhere").toString(), "-F", "qcow2", t.testImg()));
        t.echo("safe with old backing missing: rc=" + t.img("rebase", "-b", base, "-F", "qcow2", t.testImg()));
        t.echo("unsafe back: rc=" + t.img("rebase", "-u", "-b", base, "-F", "qcow2", t.testImg()));
        t.ioCmds("read -P 0 0 512");
        String raw = t.path("r.raw").toString();
        t.img("create", "-q", "-f", "raw", raw, "1M");
        t.echo("raw overlay: rc=" + t.img("rebase", "-f", "raw", "-b", base, "-F", "qcow2", raw));
    }
}
