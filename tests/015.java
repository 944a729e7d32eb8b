package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Scatter/gather requests: aligned and odd-sized vectors, read back both vectored and linear. */
@IoTest(number = 15, title = "vectored writev/readv with aligned and unaligned elements",
        groups = {"rw", "io", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T015 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.echo("=== aligned vector ===");
        t.ioCmds("writev -P 0x5a 0 512 1k 4k 64k",
                 "readv -P 0x5a 0 4k 61952 1536",
                 "read -P 0x5a 0 70144",
                 "read -P 0 70144 512");
        t.echo("=== unaligned vector crossing a cluster boundary ===");
        t.ioCmds("writev -P 0xa5 65000 100 1 1000 33",
                 "readv -P 0xa5 65000 1 1 1132",
                 "read -v 65000 16",
                 "read -P 0 66134 2");
        t.echo("=== readv sees a mixture ===");
        t.ioCmds("readv -P 0x5a 64k 512 512");
    }
}
