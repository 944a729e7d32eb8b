package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** convert raw -> FMT -> qcow2 -> FMT keeps the content and sparseness; compare agrees throughout. */
@IoTest(number = 89, title = "convert to and from qed, vmdk, vdi, vpc, vhdx, parallels",
        groups = {"convert", "formats", "auto", "quick"},
        formats = {"qed", "vmdk", "vdi", "vpc", "vhdx", "parallels"})
final class T089 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        String raw = t.path("src.raw").toString();
        t.img("create", "-q", "-f", "raw", raw, "8M");
        t.io("-f", "raw", "-c", "write -q -P 0x89 0 1M", "-c", "write -q -P 0x8a 5M 512k", "-c", "write -q -P 0x8b 8388096 512", raw);
        t.img("convert", "-f", "raw", "-O", f, raw, t.testImg());
        t.ioCmds("read -P 0x89 0 1M", "read -P 0 1M 4M", "read -P 0x8a 5M 512k", "read -P 0x8b 8388096 512");
        t.img("compare", "-f", "raw", "-F", f, raw, t.testImg());
        String q = t.path("mid.qcow2").toString();
        t.img("convert", "-f", f, "-O", "qcow2", t.testImg(), q);
        t.img("map", "--output=json", q);
        String back = t.path("back." + f).toString();
        t.img("convert", "-f", "qcow2", "-O", f, q, back);
        t.img("compare", "-f", f, "-F", f, t.testImg(), back);
        t.img("compare", "-f", "raw", "-F", f, raw, back);
        t.echo("=== convert -c is refused or done, per format ===");
        t.echo("rc=" + t.img("convert", "-c", "-f", "raw", "-O", f, raw, t.path("c." + f).toString()));
    }
}
