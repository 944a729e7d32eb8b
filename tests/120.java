package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qcow2 overlays on backing files of other formats (qed, vmdk, vdi, vpc): reads, map depth, convert merge. */
@IoTest(number = 120, title = "qcow2 overlays on qed, vmdk, vdi and vpc backing files",
        groups = {"backing", "formats", "convert", "auto", "quick"}, formats = {"qcow2"})
final class T120 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String bfmt : new String[] {"qed", "vmdk", "vdi", "vpc"}) {
            t.echo("=== backing " + bfmt + " ===");
            String base = t.path("base." + bfmt).toString();
            t.img("create", "-q", "-f", bfmt, base, "4M");
            t.io("-f", bfmt, "-c", "write -q -P 0x20 0 2M", base);
            t.makeTestImg("4M", "-b", base, "-F", bfmt);
            t.ioCmds("write -q -P 0x21 1M 64k", "read -P 0x20 0 1M", "read -P 0x21 1M 64k", "read -P 0x20 1088k 960k",
                     "read -P 0 2M 2M", "alloc 0 1M", "alloc 1M 64k");
            String out = t.path("merged.raw").toString();
            t.img("convert", "-O", "raw", t.testImg(), out);
            t.img("compare", "-F", "raw", t.testImg(), out);
        }
    }
}
