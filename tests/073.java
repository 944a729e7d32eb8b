package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qemu-img compare: identical images, the first differing offset, images of different sizes (the
 * extra area must be zero unless -s makes any size difference a mismatch), allocation differences
 * under -s, and exit codes 0/1/2.
 */
@IoTest(number = 73, title = "compare: contents, sizes differ, strict mode",
        groups = {"img", "compare", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T073 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        String a = t.testImg();
        String b = t.path("b." + f).toString();
        t.makeTestImg("1M");
        t.makeImg(b, "1M");
        t.echo("empty: rc=" + t.img("compare", "-f", f, "-F", f, a, b));
        t.ioCmds("write -P 0x73 0 64k");
        t.io("-f", f, "-c", "write -P 0x73 0 64k", b);
        t.echo("same data: rc=" + t.img("compare", "-f", f, "-F", f, a, b));
        t.io("-f", f, "-c", "write -P 0x74 70000 1", b);
        t.echo("one byte differs: rc=" + t.img("compare", "-f", f, "-F", f, a, b));
        t.echo("quiet: rc=" + t.img("compare", "-q", "-f", f, "-F", f, a, b));
        t.io("-f", f, "-c", "write -P 0 70000 1", b);
        t.echo("explicit zeros vs unallocated: rc=" + t.img("compare", "-f", f, "-F", f, a, b));
        t.echo("strict: rc=" + t.img("compare", "-s", "-f", f, "-F", f, a, b));
        t.echo("=== sizes differ ===");
        String c = t.path("c." + f).toString();
        t.makeImg(c, "2M");
        t.io("-f", f, "-c", "write -P 0x73 0 64k", c);
        t.echo("larger, zero tail: rc=" + t.img("compare", "-f", f, "-F", f, a, c));
        t.echo("strict: rc=" + t.img("compare", "-s", "-f", f, "-F", f, a, c));
        t.io("-f", f, "-c", "write -P 0x75 1536k 1", c);
        t.echo("larger, data in tail: rc=" + t.img("compare", "-f", f, "-F", f, a, c));
        t.echo("reversed: rc=" + t.img("compare", "-f", f, "-F", f, c, a));
        t.echo("=== errors ===");
        t.echo("missing: rc=" + t.img("compare", "-f", f, "-F", f, a, t.path("missing").toString()));
        t.echo("one file: rc=" + t.img("compare", a));
    }
}
