package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * A preallocated zero cluster (zero flag plus host offset, left by write -z) is freed by discard and
 * becomes unallocated; discarding an already-zero unallocated cluster changes nothing.
 */
@IoTest(number = 27, title = "discard of preallocated zero clusters",
        groups = {"rw", "discard", "zero", "auto", "quick"}, formats = {"qcow2"})
final class T027 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x27 0 256k", "write -z 0 192k", "write -z 512k 64k");
        t.img("map", "--output=json", t.testImg());
        t.ioCmds("discard 0 128k", "discard 512k 64k");
        t.img("map", "--output=json", t.testImg());
        t.ioCmds("read -P 0 0 192k", "read -P 0x27 192k 64k", "read -P 0 256k 768k");
        t.img("check", t.testImg());
    }
}
