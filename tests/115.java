package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Extended L2 zero writes and discards at subcluster granularity: whole subclusters become zero
 * or unallocated (reading through to the backing file) without touching their neighbours.
 */
@IoTest(number = 115, title = "extended L2: subcluster zero writes and discards over a backing file",
        groups = {"zero", "discard", "extended_l2", "backing", "auto", "quick"}, formats = {"qcow2"})
final class T115 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        t.img("create", "-q", "-f", "qcow2", base, "1M");
        t.io("-c", "write -q -P 0xbb 0 1M", base);
        t.makeTestImg("1M", "-b", base, "-F", "qcow2", "-o", "extended_l2=on,cluster_size=64k");
        t.ioCmds("write -q -P 0x15 0 128k");
        t.ioCmds("write -z 2k 2k", "write -z -u 8k 4k", "discard 16k 2k", "write -z 65536 1k", "write -z 100k 28k");
        t.ioCmds("read -P 0x15 0 2k", "read -P 0 2k 2k", "read -P 0x15 4k 4k", "read -P 0 8k 4k",
                 "read -P 0x15 12k 4k", "read -v 16k 4", "read -P 0x15 18k 46k", "read -P 0x15 65536 1k",
                 "read -P 0 100k 28k");
        t.img("map", "--output=json", t.testImg());
        t.img("check", t.testImg());
    }
}
