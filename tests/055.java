package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** convert -l (by name, snapshot.name=, snapshot.id=) exports a snapshot's contents, not the active layer. */
@IoTest(number = 55, title = "convert -l from an internal snapshot",
        groups = {"snapshot", "convert", "auto", "quick"}, formats = {"qcow2"})
final class T055 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x01 0 512k");
        t.img("snapshot", "-c", "first", t.testImg());
        t.ioCmds("write -P 0x02 256k 512k");
        t.img("snapshot", "-c", "second", t.testImg());
        t.ioCmds("write -P 0x03 0 1M");
        String out = t.path("out.raw").toString();
        for (String l : new String[] {"first", "snapshot.name=second", "snapshot.id=1", "2"}) {
            t.echo("=== -l " + l + " ===");
            t.img("convert", "-l", l, "-O", "raw", t.testImg(), out);
            t.io("-f", "raw", "-c", "read -P 0x01 0 256k", "-c", "read -v 256k 1", "-c", "read -v 768k 1", out);
        }
        t.echo("=== errors ===");
        t.echo("rc=" + t.img("convert", "-l", "nosuch", "-O", "raw", t.testImg(), out));
        t.echo("rc=" + t.img("convert", "-l", "snapshot.id=1,snapshot.name=second", "-O", "raw", t.testImg(), out));
        t.echo("rc=" + t.img("convert", "-l", "snapshot.foo=1", "-O", "raw", t.testImg(), out));
    }
}
