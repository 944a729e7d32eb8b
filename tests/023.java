package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** write -z on whole clusters reads back as zeros without disturbing the neighbours. */
@IoTest(number = 23, title = "aligned zero writes read back as zeros",
        groups = {"rw", "zero", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T023 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x55 0 512k");
        t.ioCmds("write -z 0 64k", "write -z 128k 128k", "write -z 512k 64k", "write -z 960k 64k");
        t.ioCmds("read -P 0 0 64k", "read -P 0x55 64k 64k", "read -P 0 128k 128k",
                 "read -P 0x55 256k 256k", "read -P 0 512k 512k");
        if (t.fmt().equals("qcow2")) {
            t.img("map", "--output=json", "-f", t.fmt(), t.testImg());
            t.img("check", "-f", t.fmt(), t.testImg());
        }
    }
}
