package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** discard of normal data: reads back zero; qcow2 clusters become unallocated and reusable. */
@IoTest(number = 26, title = "discard of normal data clusters",
        groups = {"rw", "discard", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T026 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x12 0 1M");
        t.ioCmds("discard 0 64k", "discard 192k 192k", "discard 1000k 24k");
        t.ioCmds("read -P 0 0 64k", "read -P 0x12 64k 128k", "read -P 0 192k 192k", "read -P 0x12 384k 576k");
        t.ioCmds("map");
        if (t.fmt().equals("qcow2")) {
            t.img("map", "--output=json", t.testImg());
            t.img("check", t.testImg());
            t.echo("=== freed clusters are reused ===");
            t.ioCmds("write -P 0x13 0 64k");
            t.img("map", "--output=json", "--max-length=64k", t.testImg());
            t.img("check", t.testImg());
        }
    }
}
