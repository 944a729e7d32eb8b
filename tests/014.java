package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Byte-granular requests that straddle sector and cluster boundaries, checked with hex dumps. */
@IoTest(number = 14, title = "unaligned pread/pwrite across sector and cluster boundaries",
        groups = {"rw", "io", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T014 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x11 1 511",
                 "write -P 0x22 510 5",
                 "write -P 0x33 65533 7",
                 "write -P 0x44 131071 65538");
        t.ioCmds("read -v 0 16",
                 "read -v 504 16",
                 "read -v 65528 16",
                 "read -P 0 0 1",
                 "read -P 0x11 1 509",
                 "read -P 0x22 510 5",
                 "read -P 0x11 515 1",
                 "read -P 0x33 65533 7",
                 "read -P 0 65540 65531",
                 "read -P 0x44 131071 65538",
                 "read -P 0 196609 1");
    }
}
