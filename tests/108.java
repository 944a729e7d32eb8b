package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * The qemu-io shell commands: open with options, info, close, reopen with new cache/read-only
 * settings, and the errors of commands used without an open file.
 */
@IoTest(number = 108, title = "qemu-io open, close, reopen and info",
        groups = {"io", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T108 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        String img = t.testImg();
        String f = t.fmt();
        t.io("-c", "open -o driver=" + f + " " + img, "-c", "info", "-c", "write -q -P 0x08 0 4k", "-c", "close",
             "-c", "open -r -o driver=" + f + " " + img, "-c", "read -P 0x08 0 4k", "-c", "close");
        t.echo("=== reopen ===");
        t.echo("rc=" + t.io("-f", f, "-c", "reopen -r", "-c", "write 0 512", img));
        t.echo("rc=" + t.io("-f", f, "-c", "reopen -c none", "-c", "write -q -P 0x09 0 4k", "-c", "reopen -c writeback",
                "-c", "read -P 0x09 0 4k", img));
        t.echo("rc=" + t.io("-f", f, "-c", "reopen -c bogus", img));
        t.echo("rc=" + t.io("-f", f, "-c", "reopen -o nosuch=1", img));
        t.echo("=== without a file ===");
        t.echo("rc=" + t.io("-c", "info"));
        t.echo("rc=" + t.io("-c", "close"));
        t.echo("rc=" + t.io("-c", "open"));
        t.echo("rc=" + t.io("-c", "open -o driver=" + f + " " + t.path("missing").toString()));
    }
}
