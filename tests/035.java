package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Large refcount structures: 64 MiB with 512-byte clusters and preallocation=metadata allocates
 * 131072 clusters, i.e. 512 refcount blocks and a refcount table of 8 clusters; check must agree.
 */
@IoTest(number = 35, title = "qcow2 large refcount structures from metadata preallocation",
        groups = {"rw", "alloc", "refcount", "prealloc", "auto"}, formats = {"qcow2"})
final class T035 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("64M", "-o", "cluster_size=512,preallocation=metadata");
        t.img("check", t.testImg());
        t.ioCmds("write -P 0x35 0 64k", "write -P 0x36 63M 64k", "read -P 0x35 0 64k", "read -P 0x36 63M 64k");
        t.img("check", t.testImg());
        // format-level allocation only: qemu-img map would also report host-file holes
        t.ioCmds("map");
    }
}
