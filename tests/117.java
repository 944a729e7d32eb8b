package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * convert tuning flags do not change the result: -m coroutines, -W out-of-order writes, -t/-T
 * cache modes, --target-is-zero (with -n), -C copy offloading; plus their argument errors.
 */
@IoTest(number = 117, title = "convert -m, -W, cache modes, --target-is-zero and -C",
        groups = {"convert", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T117 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.makeTestImg("4M");
        t.ioCmds("write -q -P 0x17 0 1M", "write -q -P 0x18 3M 512k");
        String out = t.path("out." + f).toString();
        String[][] variants = {{"-m", "1"}, {"-m", "16", "-W"}, {"-t", "none", "-T", "none"}, {"-t", "writeback"}, {"-C"}};
        for (String[] v : variants) {
            t.echo("=== " + String.join(" ", v) + " ===");
            java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("convert", "-f", f, "-O", f));
            a.addAll(java.util.List.of(v));
            a.add(t.testImg());
            a.add(out);
            t.echo("rc=" + t.img(a.toArray(new String[0])));
            t.img("compare", "-f", f, "-F", f, t.testImg(), out);
        }
        t.echo("=== --target-is-zero ===");
        t.makeImg(out, "4M");
        t.echo("rc=" + t.img("convert", "-n", "--target-is-zero", "-f", f, "-O", f, t.testImg(), out));
        t.img("compare", "-f", f, "-F", f, t.testImg(), out);
        t.echo("without -n: rc=" + t.img("convert", "--target-is-zero", "-f", f, "-O", f, t.testImg(), out));
        t.echo("=== errors ===");
        t.echo("rc=" + t.img("convert", "-m", "0", "-f", f, "-O", f, t.testImg(), out));
        t.echo("rc=" + t.img("convert", "-m", "17", "-f", f, "-O", f, t.testImg(), out));
        t.echo("rc=" + t.img("convert", "-t", "bogus", "-f", f, "-O", f, t.testImg(), out));
        t.echo("rc=" + t.img("convert", "-C", "-c", "-f", f, "-O", "qcow2", t.testImg(), out));
    }
}
