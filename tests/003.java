package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Writes that cover parts of clusters and sectors, and writes straddling cluster boundaries. */
@IoTest(number = 3, title = "partial-cluster and unaligned writes", groups = {"quick", "auto", "rw"}, formats = {"generic"})
final class T003 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        t.makeTestImg("1M");
        t.echo("=== sub-sector write inside the first cluster ===");
        t.ioCmds("write -P 0x11 1000 3000");
        t.ioCmds("read -P 0 0 1000", "read -P 0x11 1000 3000", "read -P 0 4000 61536");
        t.echo("");
        t.echo("=== write straddling the first cluster boundary ===");
        t.ioCmds("write -P 0x22 65000 2000");
        t.ioCmds("read -P 0x11 1000 3000", "read -P 0 4000 61000", "read -P 0x22 65000 2000", "read -P 0 67000 4000");
        t.echo("");
        t.echo("=== byte-granular writes, then a write over them ===");
        t.ioCmds("write -P 0x33 131073 1", "write -P 0x44 131075 3", "read -v 131070 10");
        t.ioCmds("write -P 0x55 131072 512", "read -P 0x55 131072 512", "read -P 0 131584 512");
        t.echo("");
        t.echo("=== write ending exactly at the end of the image ===");
        t.ioCmds("write -P 0x66 1048000 576", "read -P 0x66 1048000 576");
    }
}
