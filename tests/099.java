package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/** Parallels images written by other software (v1, v2, with a dirty bitmap extension): info, reads, check, convert. */
@IoTest(number = 99, title = "parallels sample images v1, v2 and with bitmap",
        groups = {"formats", "sample", "auto", "quick"}, formats = {"parallels"}, requires = {"bzip2"})
final class T099 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String name : new String[] {"parallels-v1", "parallels-v2", "parallels-with-bitmap"}) {
            t.echo("=== " + name + " ===");
            Path img = SampleImages.extract(t, name);
            SampleImages.info(t, "parallels", img);
            t.io("-r", "-f", "parallels", "-c", "read -v 0 16", "-c", "read -v 1M 16", "-c", "map", img.toString());
            t.echo("check: rc=" + t.img("check", "-f", "parallels", img.toString()));
            t.img("map", "--output=json", "-f", "parallels", "--max-length=4M", img.toString());
            String out = t.path(name + ".qcow2").toString();
            t.img("convert", "-f", "parallels", "-O", "qcow2", img.toString(), out);
            t.img("compare", "-f", "parallels", "-F", "qcow2", img.toString(), out);
        }
    }
}
