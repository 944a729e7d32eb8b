package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * The backing format matters: a qcow2 base declared as raw is read as its raw bytes (its header),
 * a raw base declared as qcow2 fails to open; create without -F is refused.
 */
@IoTest(number = 51, title = "wrong or missing backing format",
        groups = {"backing", "auto", "quick"}, formats = {"qcow2"})
final class T051 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String qbase = t.testImg() + ".qbase";
        String rbase = t.testImg() + ".rbase";
        t.img("create", "-q", "-f", "qcow2", qbase, "1M");
        t.io("-c", "write -P 0x51 0 1M", qbase);
        t.img("create", "-q", "-f", "raw", rbase, "1M");
        t.io("-f", "raw", "-c", "write -P 0x52 0 1M", rbase);
        t.echo("=== no -F ===");
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-b", qbase, t.testImg(), "1M"));
        t.echo("=== qcow2 base declared raw ===");
        t.img("create", "-q", "-f", "qcow2", "-b", qbase, "-F", "raw", t.testImg(), "1M");
        t.ioCmds("read -v 0 16", "read -P 0x51 0 512");
        t.echo("=== raw base declared qcow2 ===");
        t.img("create", "-q", "-f", "qcow2", "-u", "-b", rbase, "-F", "qcow2", t.testImg(), "1M");
        t.echo("rc=" + t.ioCmds("read 0 512"));
        t.echo("=== fixed with rebase -u ===");
        t.img("rebase", "-u", "-b", rbase, "-F", "raw", t.testImg());
        t.ioCmds("read -P 0x52 0 1M");
        t.echo("=== an unknown backing format ===");
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-b", rbase, "-F", "nosuchfmt", t.testImg(), "1M"));
    }
}
