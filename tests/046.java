package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Safe rebase onto a different backing file copies whatever differs into the overlay so the guest
 * view is unchanged; rebase -b "" flattens the overlay completely.
 */
@IoTest(number = 46, title = "safe rebase keeps the guest-visible content",
        groups = {"backing", "rebase", "auto", "quick"}, formats = {"qcow2"})
final class T046 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String b1 = t.testImg() + ".base1";
        String b2 = t.testImg() + ".base2";
        t.img("create", "-f", "qcow2", b1, "1M");
        t.io("-c", "write -P 0x01 0 512k", b1);
        t.img("create", "-f", "qcow2", b2, "1M");
        t.io("-c", "write -P 0x01 0 128k", "-c", "write -P 0x02 128k 128k", "-c", "write -P 0x03 768k 64k", b2);
        t.makeTestImg("1M", "-b", b1, "-F", "qcow2");
        t.ioCmds("write -P 0x10 64k 64k");
        t.img("rebase", "-b", b2, "-F", "qcow2", t.testImg());
        t.ioCmds("read -P 0x01 0 64k", "read -P 0x10 64k 64k", "read -P 0x01 128k 384k", "read -P 0 512k 512k");
        t.img("map", "--output=json", t.testImg());
        t.echoFiltered(t.imgQuiet("info", t.testImg()).merged(),
                s -> s.lines().filter(l -> l.startsWith("backing")).map(l -> l + "\n").reduce("", String::concat));
        t.echo("=== rebase onto nothing ===");
        t.img("rebase", "-b", "", t.testImg());
        t.ioCmds("read -P 0x01 0 64k", "read -P 0x10 64k 64k", "read -P 0x01 128k 384k", "read -P 0 512k 512k");
        t.img("map", "--output=json", t.testImg());
        t.img("check", t.testImg());
    }
}
