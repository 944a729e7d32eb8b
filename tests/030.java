package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Sub-cluster writes into unallocated and allocated clusters: the untouched rest of a newly
 * allocated cluster reads as zero, an allocated cluster is updated in place (no new allocation).
 */
@IoTest(number = 30, title = "qcow2 partial-cluster writes (copy-on-write of the cluster rest)",
        groups = {"rw", "alloc", "auto", "quick"}, formats = {"qcow2"})
final class T030 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M", "-o", "cluster_size=4k");
        t.ioCmds("write -P 0x30 1536 1k", "write -P 0x31 6000 5000", "write -P 0x32 12287 2");
        t.ioCmds("read -P 0 0 1536", "read -P 0x30 1536 1k", "read -P 0 2560 3440",
                 "read -P 0x31 6000 5000", "read -P 0 11000 1287", "read -P 0x32 12287 2",
                 "read -P 0 12289 4095");
        t.img("map", "--output=json", t.testImg());
        t.echo("=== rewriting inside allocated clusters does not allocate ===");
        long before = t.fileSize(java.nio.file.Path.of(t.testImg()));
        t.ioCmds("write -P 0x33 100 200", "write -P 0x34 8000 100");
        t.echo(t.fileSize(java.nio.file.Path.of(t.testImg())) == before ? "file size unchanged" : "file grew");
        t.ioCmds("read -P 0 0 100", "read -P 0x33 100 200", "read -P 0 300 1236", "read -P 0x31 6000 2000",
                 "read -P 0x34 8000 100", "read -P 0x31 8100 2900");
        t.img("map", "--output=json", t.testImg());
        t.img("check", t.testImg());
    }
}
