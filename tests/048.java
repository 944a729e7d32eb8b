package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Rebase with zero clusters: a zero cluster in the overlay must keep reading zero after a safe
 * rebase; an unallocated cluster that read zeros from the old backing must become zero (not read
 * the new backing's data).
 */
@IoTest(number = 48, title = "safe rebase with zero clusters and zero-reading backing ranges",
        groups = {"backing", "rebase", "zero", "auto", "quick"}, formats = {"qcow2"})
final class T048 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String b1 = t.testImg() + ".base1";
        String b2 = t.testImg() + ".base2";
        t.img("create", "-f", "qcow2", b1, "1M");
        t.io("-c", "write -P 0x01 0 256k", b1);
        t.img("create", "-f", "qcow2", b2, "1M");
        t.io("-c", "write -P 0x02 0 1M", b2);
        t.makeTestImg("1M", "-b", b1, "-F", "qcow2");
        t.ioCmds("write -z 0 64k", "write -P 0x05 64k 64k");
        t.img("rebase", "-b", b2, "-F", "qcow2", t.testImg());
        t.ioCmds("read -P 0 0 64k", "read -P 0x05 64k 64k", "read -P 0x01 128k 128k", "read -P 0 256k 768k");
        t.img("map", "--output=json", t.testImg());
        t.img("check", t.testImg());
    }
}
