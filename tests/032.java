package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Extended L2 (32 subclusters per cluster): filling the subclusters of one cluster from last to
 * first keeps one host cluster, and the allocation map follows subcluster granularity.
 */
@IoTest(number = 32, title = "qcow2 extended L2: reverse-ordered subcluster writes",
        groups = {"rw", "alloc", "extended_l2", "auto", "quick"}, formats = {"qcow2"})
final class T032 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M", "-o", "extended_l2=on,cluster_size=64k");
        t.ioCmds("write -P 0x1f 63488 2k");
        t.img("map", "--output=json", t.testImg());
        for (int sc = 30; sc >= 16; sc -= 2) {
            t.ioCmds(String.format("write -q -P 0x%x %d 2k", sc, sc * 2048));
        }
        t.img("map", "--output=json", t.testImg());
        for (int sc = 15; sc >= 0; sc--) {
            t.ioCmds(String.format("write -q -P 0x%x %d 2k", sc + 0x40, sc * 2048));
        }
        for (int sc = 0; sc < 32; sc++) {
            int p = sc >= 16 ? (sc % 2 == 0 && sc <= 30 ? sc : -1) : sc + 0x40;
            if (sc == 31) {
                p = 0x1f;
            }
            if (p < 0) {
                t.ioCmds(String.format("read -q -P 0 %d 2k", sc * 2048));
            } else {
                t.ioCmds(String.format("read -q -P 0x%x %d 2k", p, sc * 2048));
            }
        }
        t.img("map", "--output=json", t.testImg());
        t.ioCmds("map");
        t.img("check", t.testImg());
    }
}
