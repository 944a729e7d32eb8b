package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qemu-img create option parsing: -o help, size suffixes and size=, repeated and merged -o, the
 * size argument versus -o size, invalid values and unknown options with their exact errors.
 */
@IoTest(number = 69, title = "create option parsing and -o help",
        groups = {"img", "create", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T069 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        String img = t.testImg();
        t.echo("=== -o help ===");
        t.img("create", "-f", f, "-o", "help");
        t.img("create", "-f", f, "-o", "?");
        t.echo("=== sizes ===");
        for (String s : new String[] {"512", "1k", "1K", "1M", "1G", "1T", "1.5M", "100000b", "7"}) {
            t.img("create", "-f", f, img, s);
            t.echo("virtual size: " + t.ioQuiet("-f", f, "-c", "length", img).stdout().strip());
        }
        t.img("create", "-f", f, "-o", "size=2M", img);
        t.img("create", "-f", f, "-o", "size=2M", img, "4M");
        t.echo("=== merged -o ===");
        t.img("create", "-f", f, "-o", "size=1M", "-o", "preallocation=off", img);
        t.echo("=== errors ===");
        t.echo("rc=" + t.img("create", "-f", f, img));
        t.echo("rc=" + t.img("create", "-f", f, img, "1Q"));
        t.echo("rc=" + t.img("create", "-f", f, img, "-5"));
        t.echo("rc=" + t.img("create", "-f", f, img, "1M", "extra"));
        t.echo("rc=" + t.img("create", "-f", f, "-o", "nosuch=1", img, "1M"));
        t.echo("rc=" + t.img("create", "-f", f, "-o", "preallocation=bogus", img, "1M"));
        t.echo("rc=" + t.img("create", "-f", "nosuchfmt", img, "1M"));
        t.echo("rc=" + t.img("create", "-f", f, "-o", "size=x", img));
        t.echo("rc=" + t.img("create", "-f", f));
    }
}
