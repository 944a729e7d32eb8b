package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/** VHD images from Hyper-V, Virtual PC and Disk2VHD: geometry-derived sizes, reads, map, convert. */
@IoTest(number = 101, title = "vpc sample images from Hyper-V, Virtual PC and Disk2VHD",
        groups = {"formats", "sample", "auto", "quick"}, formats = {"vpc"}, requires = {"bzip2"})
final class T101 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String name : new String[] {"hyperv2012r2-dynamic.vhd", "virtualpc-dynamic.vhd", "d2v-zerofilled.vhd"}) {
            t.echo("=== " + name + " ===");
            Path img = SampleImages.extract(t, name);
            SampleImages.info(t, "vpc", img);
            t.io("-r", "-f", "vpc", "-c", "length", "-c", "read -v 0 16", "-c", "map", img.toString());
            t.img("map", "--output=json", "-f", "vpc", "--max-length=16M", img.toString());
            t.echo("check: rc=" + t.img("check", "-f", "vpc", img.toString()));
            t.echo("=== with force_size ===");
            t.io("-r", "-c", "length", "json:{\"driver\":\"vpc\",\"force_size_calc\":\"current_size\",\"file\":{\"driver\":\"file\",\"filename\":\"" + name + "\"}}");
        }
    }
}
