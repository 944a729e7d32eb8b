package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/** Read-only bochs and cloop sample images: probe, info, reads and map; writes are refused. */
@IoTest(number = 98, title = "read-only sample images: bochs and cloop",
        groups = {"formats", "sample", "auto", "quick"}, formats = {"bochs", "cloop"}, requires = {"bzip2"})
final class T098 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        Path img = SampleImages.extract(t, f.equals("bochs") ? "empty.bochs" : "simple-pattern.cloop");
        SampleImages.info(t, f, img);
        t.io("-r", "-f", f, "-c", "length", "-c", "read -v 0 32", "-c", "map", img.toString());
        if (f.equals("cloop")) {
            t.io("-r", "-f", f, "-c", "read -v 512k 32", "-c", "read -v 1048544 32", img.toString());
        } else {
            t.io("-r", "-f", f, "-c", "read -P 0 0 1032192", img.toString());
        }
        t.img("map", "--output=json", "-f", f, img.toString());
        t.echo("write: rc=" + t.io("-f", f, "-c", "write 0 512", img.toString()));
        t.echo("check: rc=" + t.img("check", "-f", f, img.toString()));
        String out = t.path("out.raw").toString();
        t.img("convert", "-f", f, "-O", "raw", img.toString(), out);
        t.img("compare", "-f", f, "-F", "raw", img.toString(), out);
        t.echo("create: rc=" + t.img("create", "-f", f, t.path("new." + f).toString(), "1M"));
    }
}
