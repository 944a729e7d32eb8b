package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** preallocation=metadata allocates every L2 entry (zero-flagged data clusters) for many cluster sizes. */
@IoTest(number = 38, title = "qcow2 preallocation=metadata for many cluster sizes",
        groups = {"prealloc", "alloc", "auto", "quick"}, formats = {"qcow2"})
final class T038 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String cs : new String[] {"512", "1k", "4k", "64k", "512k", "2M"}) {
            t.echo("=== cluster_size=" + cs + " ===");
            t.makeTestImg("3M", "-o", "preallocation=metadata,cluster_size=" + cs);
            // format-level allocation only: qemu-img map would also report host-file holes
            t.ioCmds("map", "alloc 0 64k", "alloc 1M 3k");
            t.img("check", t.testImg());
            t.echo("file size " + t.fileSize(java.nio.file.Path.of(t.testImg())));
            t.ioCmds("write -P 0x38 1M 4k", "read -P 0 0 1M", "read -P 0x38 1M 4k", "read -P 0 1052672 2093056");
        }
    }
}
