package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * commit of special overlays: compressed clusters and zero clusters committed into a qcow2 base,
 * and a qcow2 overlay committed into a raw base (zero clusters become written zeros).
 */
@IoTest(number = 119, title = "commit of compressed and zero clusters, and into a raw base",
        groups = {"backing", "commit", "compress", "zero", "auto", "quick"}, formats = {"qcow2"})
final class T119 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String bfmt : new String[] {"qcow2", "raw"}) {
            t.echo("=== base " + bfmt + " ===");
            String base = t.testImg() + ".base";
            t.img("create", "-q", "-f", bfmt, base, "1M");
            t.io("-f", bfmt, "-c", "write -q -P 0xb9 0 1M", base);
            t.makeTestImg("1M", "-b", base, "-F", bfmt);
            t.ioCmds("write -q -c -P 0x19 0 64k", "write -q -z 128k 64k", "write -q -P 0x1a 256k 4k", "discard 512k 64k");
            t.echo("rc=" + t.img("commit", t.testImg()));
            t.io("-f", bfmt, "-c", "read -P 0x19 0 64k", "-c", "read -P 0xb9 64k 64k", "-c", "read -P 0 128k 64k",
                 "-c", "read -P 0x1a 256k 4k", "-c", "read -v 512k 4", base);
            if (bfmt.equals("qcow2")) {
                t.img("map", "--output=json", base);
                t.img("check", base);
            }
        }
    }
}
