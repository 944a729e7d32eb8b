package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Compressed clusters stored above 4 GiB in the image file (behind a large metadata-preallocated
 * area): their descriptors carry offsets beyond 32 bits, and reading, check and convert still work.
 */
@IoTest(number = 96, title = "qcow2 compressed clusters at host offsets above 4 GiB",
        groups = {"compress", "rw", "auto", "quick"}, formats = {"qcow2"})
final class T096 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("5G", "-o", "preallocation=metadata");
        t.img("resize", t.testImg(), "+1G");
        t.ioCmds("write -c -P 0x96 5G 64k", "write -c -P 0x97 5243008k 64k");
        t.ioCmds("read -P 0x96 5G 64k", "read -P 0x97 5243008k 64k", "read -P 0 5243072k 64k");
        t.img("map", "--output=json", "--start-offset=5G", t.testImg());
        t.img("check", t.testImg());
        java.nio.file.Path img = java.nio.file.Path.of(t.testImg());
        long l1 = T063.be(t, img, 40, 8);
        long l2 = T063.be(t, img, l1 + 8 * 10, 8) & 0x00fffffffffffe00L;
        long entry = T063.be(t, img, l2, 8);
        t.echo(String.format("compressed flag %d, host offset 0x%x", (entry >>> 62) & 1,
                entry & ((1L << 54) - 1)));
    }
}
