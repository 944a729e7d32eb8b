package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Compressed clusters can be discarded; their (shared) host space is released without leaks. */
@IoTest(number = 28, title = "discard and zero writes over compressed clusters",
        groups = {"rw", "discard", "compress", "auto", "quick"}, formats = {"qcow2"})
final class T028 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        for (int i = 0; i < 6; i++) {
            t.ioCmds(String.format("write -c -P 0x%x %dk 64k", 0x30 + i, i * 64));
        }
        t.img("check", t.testImg());
        t.ioCmds("discard 0 64k", "discard 128k 128k", "write -z 256k 64k", "write -z -u 320k 64k");
        t.ioCmds("read -P 0 0 64k", "read -P 0x31 64k 64k", "read -P 0 128k 256k");
        t.img("map", "--output=json", t.testImg());
        t.img("check", t.testImg());
        t.echo("=== partial discard of a compressed cluster is a no-op ===");
        t.ioCmds("discard 64k 4k", "read -P 0x31 64k 64k");
        t.img("check", t.testImg());
    }
}
