package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** write -z at offsets and lengths that are not cluster (or sector) aligned. */
@IoTest(number = 24, title = "misaligned zero writes: partial clusters and sectors",
        groups = {"rw", "zero", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T024 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x66 0 512k");
        t.ioCmds("write -z 100 200", "write -z 65000 1072", "write -z 130000 200000",
                 "write -z 600000 1000");
        t.ioCmds("read -P 0x66 0 100", "read -P 0 100 200", "read -P 0x66 300 64700",
                 "read -P 0 65000 1072", "read -P 0x66 66072 63928", "read -P 0 130000 200000",
                 "read -P 0x66 330000 194288", "read -P 0 524288 524288");
        if (t.fmt().equals("qcow2")) {
            t.img("map", "--output=json", "-f", t.fmt(), t.testImg());
            t.img("check", "-f", t.fmt(), t.testImg());
        }
    }
}
