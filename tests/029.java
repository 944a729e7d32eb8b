package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qcow2 v2 (compat=0.10) has no zero flag: zero writes and discards deallocate clusters instead;
 * v3 marks them as zero. Both read back as zeros.
 */
@IoTest(number = 29, title = "zero writes and discard on qcow2 v2 versus v3",
        groups = {"rw", "zero", "discard", "auto", "quick"}, formats = {"qcow2"})
final class T029 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String compat : new String[] {"0.10", "1.1"}) {
            t.echo("=== compat=" + compat + " ===");
            t.makeTestImg("1M", "-o", "compat=" + compat);
            t.ioCmds("write -P 0x29 0 512k", "write -z 0 64k", "write -z -u 64k 64k",
                     "discard 128k 64k", "write -z 200k 10k");
            t.ioCmds("read -P 0 0 192k", "read -P 0x29 192k 8k", "read -P 0 200k 10k", "read -P 0x29 210k 302k");
            t.img("map", "--output=json", t.testImg());
            t.img("check", t.testImg());
        }
    }
}
