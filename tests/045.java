package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * commit -b commits a whole chain segment into a chosen base (here the grandparent, through the
 * middle image); -d leaves the committed image's data in place instead of emptying it.
 */
@IoTest(number = 45, title = "commit -b into a deeper base and commit -d",
        groups = {"backing", "commit", "auto", "quick"}, formats = {"qcow2"})
final class T045 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        String mid = t.testImg() + ".mid";
        t.img("create", "-f", "qcow2", base, "1M");
        t.io("-c", "write -P 0x01 0 1M", base);
        t.img("create", "-f", "qcow2", "-b", base, "-F", "qcow2", mid, "1M");
        t.io("-c", "write -P 0x02 0 512k", mid);
        t.makeTestImg("1M", "-b", mid, "-F", "qcow2");
        t.ioCmds("write -P 0x03 256k 512k");
        t.echo("=== commit -d -b base ===");
        t.img("commit", "-d", "-b", base, t.testImg());
        t.io("-c", "read -P 0x02 0 256k", "-c", "read -P 0x03 256k 512k", "-c", "read -P 0x01 768k 256k", base);
        t.echo("--- top keeps its data (-d)");
        t.ioCmds("map");
        t.echo("--- mid is unchanged");
        t.io("-c", "map", "-c", "read -P 0x02 0 512k", mid);
        t.echo("=== commit mid into base without -d empties mid ===");
        t.io("-c", "write -P 0x04 0 64k", mid);
        t.img("commit", mid);
        t.io("-c", "map", mid);
        t.io("-c", "read -P 0x04 0 64k", "-c", "read -P 0x02 64k 192k", base);
        t.echo("=== -b that is not in the chain ===");
        t.img("create", "-f", "qcow2", t.testImg() + ".other", "1M");
        t.img("commit", "-b", t.testImg() + ".other", t.testImg());
        t.img("check", base);
    }
}
