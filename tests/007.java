package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-img compare: identical images, a content mismatch, different sizes, strict mode. */
@IoTest(number = 7, title = "compare", groups = {"quick", "auto", "img", "compare"}, formats = {"generic"})
final class T007 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        String a = t.testImg();
        String b = t.path("b." + t.fmt()).toString();
        String big = t.path("big." + t.fmt()).toString();
        t.makeTestImg("1M");
        t.makeImg(b, "1M");
        t.echo("=== two empty images ===");
        t.echo("exit code " + t.img("compare", "-f", t.fmt(), "-F", t.fmt(), a, b));
        t.echo("");
        t.echo("=== same data written to both ===");
        t.ioCmds("write -P 0x42 64k 64k");
        t.ioCmdsOn(b, t.fmt(), "write -P 0x42 64k 64k");
        t.echo("exit code " + t.img("compare", "-f", t.fmt(), "-F", t.fmt(), a, b));
        t.echo("");
        t.echo("=== one byte differs ===");
        t.ioCmdsOn(b, t.fmt(), "write -P 0x43 100000 1");
        t.echo("exit code " + t.img("compare", "-f", t.fmt(), "-F", t.fmt(), a, b));
        t.echo("");
        t.echo("=== written zeroes equal a hole, except in strict mode ===");
        t.ioCmdsOn(b, t.fmt(), "write -P 0x42 100000 1", "write -P 0 512k 64k");
        t.echo("exit code " + t.img("compare", "-f", t.fmt(), "-F", t.fmt(), a, b));
        t.echo("exit code " + t.img("compare", "-s", "-f", t.fmt(), "-F", t.fmt(), a, b));
        t.echo("");
        t.echo("=== a larger image whose tail is zero, then not ===");
        t.makeImg(big, "2M");
        t.ioCmdsOn(big, t.fmt(), "write -P 0x42 64k 64k");
        t.echo("exit code " + t.img("compare", "-f", t.fmt(), "-F", t.fmt(), a, big));
        t.ioCmdsOn(big, t.fmt(), "write -P 0x99 1536k 4k");
        t.echo("exit code " + t.img("compare", "-f", t.fmt(), "-F", t.fmt(), a, big));
        t.echo("exit code " + t.img("compare", "-s", "-f", t.fmt(), "-F", t.fmt(), a, big));
    }
}
