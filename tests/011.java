package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Requests beyond the end of the image, and requests and sizes too large to be valid. */
@IoTest(number = 11, title = "over-large and out-of-range requests", groups = {"quick", "auto", "rw"}, formats = {"generic"})
final class T011 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        t.makeTestImg("1M");
        t.echo("=== read and write past the end ===");
        t.echo("exit code " + t.ioCmds("read 1M 512"));
        t.echo("exit code " + t.ioCmds("write -P 1 1048064 1024"));
        t.echo("exit code " + t.ioCmds("read 0 2M"));
        t.echo("exit code " + t.ioCmds("write -z 512k 1M"));
        t.echo("exit code " + t.ioCmds("discard 1M 64k"));
        t.echo("");
        t.echo("=== lengths that are refused when parsed ===");
        t.echo("exit code " + t.ioCmds("read 0 -512"));
        t.echo("exit code " + t.ioCmds("read 0 3G"));
        t.echo("exit code " + t.ioCmds("write 0 8E"));
        t.echo("exit code " + t.ioCmds("read -1 512"));
        t.echo("exit code " + t.ioCmds("read 0 12xyz"));
        t.echo("");
        t.echo("=== the image is untouched ===");
        t.ioCmds("read -P 0 0 1M");
        t.echo("");
        t.echo("=== create with impossible sizes ===");
        t.echo("exit code " + t.img("create", "-f", t.fmt(), t.path("huge." + t.fmt()).toString(), "100E"));
        t.echo("exit code " + t.img("create", "-f", t.fmt(), t.path("neg." + t.fmt()).toString(), "-1"));
        t.echo("exit code " + t.img("create", "-f", t.fmt(), t.path("junk." + t.fmt()).toString(), "1Q"));
    }
}
