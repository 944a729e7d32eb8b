package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/**
 * VHDX images from Hyper-V and Disk2VHD: info, reads, map; one has a dirty log that must be replayed
 * (read-only open refused with instructions, check -r all replays it, then it opens).
 */
@IoTest(number = 100, title = "vhdx sample images and log replay",
        groups = {"formats", "sample", "auto", "quick"}, formats = {"vhdx"}, requires = {"bzip2"})
final class T100 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String name : new String[] {"iotest-dynamic-1G.vhdx", "test-disk2vhd.vhdx"}) {
            t.echo("=== " + name + " ===");
            Path img = SampleImages.extract(t, name);
            SampleImages.info(t, "vhdx", img);
            t.io("-r", "-f", "vhdx", "-c", "read -v 0 16", "-c", "map", img.toString());
            t.img("map", "--output=json", "-f", "vhdx", "--max-length=64M", img.toString());
            t.echo("check: rc=" + t.img("check", "-f", "vhdx", img.toString()));
        }
        t.echo("=== a log that needs replaying ===");
        Path dirty = SampleImages.extract(t, "iotest-dirtylog-10G-4M.vhdx");
        t.echo("ro open: rc=" + t.io("-r", "-f", "vhdx", "-c", "read 0 512", dirty.toString()));
        t.echo("info: rc=" + t.img("info", "-f", "vhdx", dirty.toString()));
        t.echo("check -r all: rc=" + t.img("check", "-r", "all", "-f", "vhdx", dirty.toString()));
        SampleImages.info(t, "vhdx", dirty);
        t.io("-r", "-f", "vhdx", "-c", "read -v 0 16", "-c", "map", dirty.toString());
    }
}
