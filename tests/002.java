package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-io write and read with patterns, verification failures and hex dumps. */
@IoTest(number = 2, title = "write and read back patterns", groups = {"quick", "auto", "rw"}, formats = {"generic"})
final class T002 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        t.makeTestImg("4M");
        t.echo("=== fresh image reads as zeroes ===");
        t.ioCmds("read -P 0 0 4M");
        t.echo("");
        t.echo("=== write patterns, read them back ===");
        t.ioCmds("write -P 0xa5 0 64k", "write -P 0x5a 1M 128k", "write -P 0xff 4032k 64k");
        t.ioCmds("read -P 0xa5 0 64k", "read -P 0 64k 960k", "read -P 0x5a 1M 128k", "read -P 0xff 4032k 64k");
        t.echo("");
        t.echo("=== a wrong pattern is reported ===");
        int rc = t.ioCmds("read -P 0x11 0 4k");
        t.echo("exit code " + rc);
        t.echo("");
        t.echo("=== hex dump around a pattern edge ===");
        t.ioCmds("write -P 0x3c 70000 20", "read -v 69992 36");
        t.echo("");
        t.echo("=== overwrite a written area with another pattern ===");
        t.ioCmds("write -P 0x77 32k 64k", "read -P 0xa5 0 32k", "read -P 0x77 32k 64k", "read -P 0 96k 4k");
    }
}
