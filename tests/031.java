package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** One request spanning many clusters (unaligned head and tail) allocates them contiguously. */
@IoTest(number = 31, title = "qcow2 writes larger than a cluster",
        groups = {"rw", "alloc", "auto", "quick"}, formats = {"qcow2"})
final class T031 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String cs : new String[] {"512", "4k", "64k"}) {
            t.echo("=== cluster_size=" + cs + " ===");
            t.makeTestImg("4M", "-o", "cluster_size=" + cs);
            t.ioCmds("write -P 0x31 1000 1500000", "write -P 0x32 2M 1M");
            t.ioCmds("read -P 0 0 1000", "read -P 0x31 1000 1500000", "read -P 0 1501000 596152",
                     "read -P 0x32 2M 1M", "read -P 0 3M 1M");
            t.img("map", t.testImg());
            t.img("check", t.testImg());
        }
    }
}
