package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Hostile qcow2 backing file names: too long, past EOF, with a NUL, absolute and missing, and a loop. */
@IoTest(number = 202, title = "qcow2 backing file names that are too long, out of range, missing or looping",
        groups = {"robustness", "hostile", "backing", "auto", "quick"}, formats = {"qcow2"}, imageLevel = "none")
final class T202 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        Path img = Path.of(t.testImg());
        t.echo("=== name of 1100 bytes ===");
        name(t, img, "x".repeat(1100));
        t.echo("=== name past the end of the file ===");
        t.makeTestImg("1M");
        t.pokeBe(img, 8, 8, 1L << 40);
        t.pokeBe(img, 16, 4, 16);
        t.echo("info rc=" + t.imgInfo());
        t.echo("=== name that ends at a NUL byte ===");
        name(t, img, "\0hidden-after-nul");
        t.echo("=== absolute name of a missing file ===");
        name(t, img, "/nonexistent/jiotests/base.qcow2");
        t.echo("read rc=" + t.ioCmds("read 0 512"));
        t.echo("=== the image is its own backing file ===");
        t.makeTestImg("1M");
        t.img("rebase", "-u", "-b", t.testImg(), "-F", "qcow2", t.testImg());
        t.echo("info rc=" + t.img("info", "--backing-chain", "-f", "qcow2", t.testImg()));
    }

    private static void name(TestContext t, Path img, String name) {
        t.makeTestImg("1M");
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        t.poke(img, 0x1000, b);
        t.pokeBe(img, 8, 8, 0x1000);
        t.pokeBe(img, 16, 4, b.length);
        t.echo("info rc=" + t.imgInfo());
    }
}
