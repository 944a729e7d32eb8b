package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/**
 * qcow2 feature bits: dirty is repaired on a read-write open; corrupt blocks read-write opens until
 * check -r all; unknown incompatible bits refuse any open; unknown compatible bits are ignored and
 * kept; unknown autoclear bits are cleared by a read-write open only.
 */
@IoTest(number = 58, title = "qcow2 feature bits: dirty, corrupt, unknown",
        groups = {"header", "check", "auto", "quick"}, formats = {"qcow2"})
final class T058 implements ConformanceTest {
    static void features(TestContext t, Path img) {
        byte[] h = t.peek(img, 72, 24);
        t.echo(String.format("incompatible=0x%x compatible=0x%x autoclear=0x%x",
                T057.be(h, 0, 8), T057.be(h, 8, 8), T057.be(h, 16, 8)));
    }

    @Override
    public void run(TestContext t) throws Exception {
        Path img = Path.of(t.testImg());
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x58 0 64k");
        features(t, img);
        t.echo("=== dirty ===");
        t.pokeBe(img, 72, 8, 1);
        t.imgInfo("--output=json");
        t.io("-r", "-c", "read -P 0x58 0 64k", t.testImg());
        features(t, img);
        t.ioCmds("read -P 0x58 0 64k");
        features(t, img);
        t.echo("=== corrupt ===");
        t.pokeBe(img, 72, 8, 2);
        t.echo("rw: rc=" + t.ioCmds("read -P 0x58 0 64k"));
        t.echo("ro: rc=" + t.io("-r", "-c", "read -P 0x58 0 64k", t.testImg()));
        t.imgInfo();
        t.img("check", t.testImg());
        features(t, img);
        t.img("check", "-r", "all", t.testImg());
        features(t, img);
        t.echo("=== unknown incompatible bit ===");
        t.pokeBe(img, 72, 8, 1L << 40);
        t.echo("rw: rc=" + t.ioCmds("read 0 512"));
        t.echo("ro: rc=" + t.io("-r", "-c", "read 0 512", t.testImg()));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("=== unknown compatible bit ===");
        t.pokeBe(img, 72, 8, 0);
        t.pokeBe(img, 80, 8, 1L << 40);
        t.ioCmds("read -P 0x58 0 64k", "write -P 0x59 0 512");
        features(t, img);
        t.echo("=== unknown autoclear bit ===");
        t.pokeBe(img, 88, 8, 1L << 40);
        t.io("-r", "-c", "read -P 0x59 0 512", t.testImg());
        features(t, img);
        t.ioCmds("read -P 0x59 0 512");
        features(t, img);
        t.img("check", t.testImg());
    }
}
