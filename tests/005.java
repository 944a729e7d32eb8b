package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Discard of whole and partial clusters; discarded data reads back as zeroes. */
@IoTest(number = 5, title = "discard", groups = {"quick", "auto", "rw", "discard"}, formats = {"generic"})
final class T005 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x5e 0 512k");
        t.echo("=== discard whole clusters ===");
        t.ioCmds("discard 64k 128k", "read -P 0x5e 0 64k", "read -P 0 64k 128k", "read -P 0x5e 192k 320k");
        t.echo("");
        t.echo("=== discard that is not cluster aligned ===");
        t.ioCmds("discard 300000 100000");
        t.ioCmds("read -P 0x5e 256k 4k", "read -v 299990 20", "read -v 399990 20");
        t.echo("");
        t.echo("=== discard of unallocated space and past the data ===");
        t.ioCmds("discard 512k 512k", "read -P 0 512k 512k");
        t.echo("");
        t.echo("=== write again into discarded space ===");
        t.ioCmds("write -P 0x71 64k 4k", "read -P 0x71 64k 4k", "read -P 0 68k 124k");
        t.echo("");
        t.echo("=== allocation map ===");
        t.ioCmds("map");
    }
}
