package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * With 512-byte clusters one L2 table covers only 32 KiB, so a single 2 MiB request touches 65 L2
 * tables at once; all of them must be allocated and the refcounts must stay consistent.
 */
@IoTest(number = 33, title = "qcow2 one request touching many L2 tables",
        groups = {"rw", "alloc", "auto", "quick"}, formats = {"qcow2"})
final class T033 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("8M", "-o", "cluster_size=512");
        t.ioCmds("write -P 0x33 16k 2M", "aio_write -q -P 0x34 4M 1M", "aio_write -q -P 0x35 6M 1M", "aio_flush");
        t.ioCmds("read -P 0 0 16k", "read -P 0x33 16k 2M", "read -P 0 2113536 2080768",
                 "read -P 0x34 4M 1M", "read -P 0 5M 1M", "read -P 0x35 6M 1M", "read -P 0 7M 1M");
        t.img("check", t.testImg());
        t.img("map", t.testImg());
    }
}
