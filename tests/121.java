package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Allocation through a three-level chain: qemu-io alloc/map report only the top layer, qemu-img map
 * reports the depth at which each range is found, zero clusters in the middle hide the base.
 */
@IoTest(number = 121, title = "allocation status through a three-level chain",
        groups = {"backing", "map", "zero", "auto", "quick"}, formats = {"qcow2"})
final class T121 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        String mid = t.testImg() + ".mid";
        t.img("create", "-q", "-f", "qcow2", base, "1M");
        t.io("-c", "write -q -P 0x01 0 1M", base);
        t.img("create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", mid, "1M");
        t.io("-c", "write -q -z 0 256k", "-c", "write -q -P 0x02 512k 128k", mid);
        t.makeTestImg("1M", "-b", mid, "-F", "qcow2");
        t.ioCmds("write -q -P 0x03 128k 64k", "write -q -z 576k 64k");
        t.ioCmds("map", "alloc 0 1M", "alloc 128k 64k", "read -P 0 0 128k", "read -P 0x03 128k 64k",
                 "read -P 0 192k 64k", "read -P 0x01 256k 256k", "read -P 0x02 512k 64k", "read -P 0 576k 64k",
                 "read -P 0x01 640k 384k");
        t.img("map", "--output=json", t.testImg());
        t.img("map", t.testImg());
    }
}
