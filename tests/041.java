package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Zero writes over backing data must hide it: qcow2 v3 uses zero clusters (no data allocated),
 * v2 has no zero flag and must allocate zeroed clusters; partial clusters copy the rest.
 */
@IoTest(number = 41, title = "zero writes over a backing file (v2 and v3)",
        groups = {"rw", "backing", "zero", "auto", "quick"}, formats = {"qcow2"})
final class T041 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        t.img("create", "-f", "qcow2", base, "1M");
        t.io("-c", "write -P 0x41 0 1M", base);
        for (String compat : new String[] {"0.10", "1.1"}) {
            t.echo("=== compat=" + compat + " ===");
            t.makeTestImg("1M", "-b", base, "-F", "qcow2", "-o", "compat=" + compat);
            t.ioCmds("write -z 0 128k", "write -z -u 128k 64k", "write -z 200k 8k", "discard 256k 64k");
            t.ioCmds("read -P 0 0 192k", "read -P 0x41 192k 8k", "read -P 0 200k 8k",
                     "read -P 0x41 208k 48k", "read -P 0x41 320k 704k");
            t.echo("--- the discarded cluster: backing data (v2) or zeros (v3)");
            t.ioCmds("read -v 256k 16");
            t.img("map", "--output=json", t.testImg());
            t.img("check", t.testImg());
        }
    }
}
