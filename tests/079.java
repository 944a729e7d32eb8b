package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-img dd with bs, count and skip, into raw and qcow2, and its argument errors. */
@IoTest(number = 79, title = "dd with bs, count and skip",
        groups = {"img", "dd", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T079 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x01 0 256k", "write -P 0x02 256k 256k", "write -P 0x03 512k 512k");
        String out = t.path("out.raw").toString();
        t.echo("=== whole image ===");
        t.img("dd", "-f", f, "-O", "raw", "if=" + t.testImg(), "of=" + out);
        t.echo("size " + t.fileSize(java.nio.file.Path.of(out)));
        t.echo("=== bs=64k count=5 skip=3 ===");
        t.img("dd", "-f", f, "-O", "raw", "bs=64k", "count=5", "skip=3", "if=" + t.testImg(), "of=" + out);
        t.echo("size " + t.fileSize(java.nio.file.Path.of(out)));
        t.io("-f", "raw", "-c", "read -P 0x01 0 64k", "-c", "read -P 0x02 64k 256k", out);
        t.echo("=== count past the end, into qcow2 ===");
        String q = t.path("out.qcow2").toString();
        t.img("dd", "-f", f, "-O", "qcow2", "bs=256k", "count=100", "skip=2", "if=" + t.testImg(), "of=" + q);
        t.io("-c", "length", "-c", "read -P 0x03 0 512k", q);
        t.echo("=== skip past the end ===");
        t.echo("rc=" + t.img("dd", "-f", f, "-O", "raw", "bs=1M", "skip=2", "if=" + t.testImg(), "of=" + out));
        t.echo("=== errors ===");
        t.echo("rc=" + t.img("dd", "-f", f, "-O", "raw", "bs=0", "if=" + t.testImg(), "of=" + out));
        t.echo("rc=" + t.img("dd", "-f", f, "-O", "raw", "count=x", "if=" + t.testImg(), "of=" + out));
        t.echo("rc=" + t.img("dd", "-f", f, "-O", "raw", "if=" + t.testImg()));
        t.echo("rc=" + t.img("dd", "-f", f, "-O", "raw", "foo=bar", "if=" + t.testImg(), "of=" + out));
    }
}
