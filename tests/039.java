package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * An overlay reads unallocated ranges from its backing file (raw or qcow2), allocated ones from
 * itself; a backing file shorter than the overlay reads as zeros past its end.
 */
@IoTest(number = 39, title = "reads through a backing file of each format",
        groups = {"rw", "backing", "auto", "quick"}, formats = {"qcow2"})
final class T039 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        for (String bfmt : new String[] {"raw", "qcow2"}) {
            t.echo("=== backing format " + bfmt + " ===");
            t.img("create", "-f", bfmt, base, "512k");
            t.io("-f", bfmt, "-c", "write -P 0xb1 0 256k", "-c", "write -P 0xb2 256k 256k", base);
            t.makeTestImg("1M", "-b", base, "-F", bfmt);
            t.ioCmds("write -P 0x01 64k 64k", "write -P 0x02 300k 1k");
            t.ioCmds("read -P 0xb1 0 64k", "read -P 0x01 64k 64k", "read -P 0xb1 128k 128k",
                     "read -P 0xb2 256k 44k", "read -P 0x02 300k 1k", "read -P 0xb2 301k 211k",
                     "read -P 0 512k 512k");
            t.ioCmds("map");
            t.img("map", "--output=json", t.testImg());
        }
    }
}
