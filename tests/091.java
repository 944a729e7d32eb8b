package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Backing files with the other formats that support them (qed, vmdk): reads through, COW, commit, rebase. */
@IoTest(number = 91, title = "backing files with qed and vmdk",
        groups = {"backing", "formats", "auto", "quick"}, formats = {"qed", "vmdk"})
final class T091 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        String base = t.testImg() + ".base";
        t.img("create", "-q", "-f", f, base, "4M");
        t.io("-f", f, "-c", "write -q -P 0xb0 0 4M", base);
        t.makeTestImg("4M", "-b", base, "-F", f);
        t.ioCmds("write -P 0x91 1M 4k", "read -P 0xb0 0 1M", "read -P 0x91 1M 4k", "read -P 0xb0 1028k 3068k");
        t.echo("=== commit ===");
        t.echo("rc=" + t.img("commit", "-f", f, t.testImg()));
        t.io("-f", f, "-c", "read -P 0x91 1M 4k", "-c", "read -P 0xb0 0 1M", base);
        t.echo("=== rebase onto nothing ===");
        t.echo("rc=" + t.img("rebase", "-f", f, "-b", "", t.testImg()));
        t.ioCmds("read -P 0x91 1M 4k", "read -P 0xb0 0 1M");
        t.echo("=== wrong backing format ===");
        t.echo("rc=" + t.img("create", "-f", f, "-b", base, "-F", "qcow2", t.testImg(), "4M"));
    }
}
