package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/**
 * Wrong refcounts: a referenced cluster with refcount 0 is an error (exit 2) that -r leaks does not
 * touch and -r all repairs; a refcount that is too high is a leak that also breaks OFLAG_COPIED.
 */
@IoTest(number = 64, title = "check and repair refcount errors",
        groups = {"check", "refcount", "auto", "quick"}, formats = {"qcow2"})
final class T064 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        Path img = Path.of(t.testImg());
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x64 0 192k");
        long host = T063.be(t, img, T063.l2EntryOffset(t, img, 1), 8) & 0x00fffffffffffe00L;
        long cluster = host / 65536;
        t.echo("=== refcount 0 for a used data cluster ===");
        t.pokeBe(img, T063.refcountOffset(t, img, cluster), 2, 0);
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("check -r leaks: rc=" + t.img("check", "-r", "leaks", t.testImg()));
        t.echo("check -r all: rc=" + t.img("check", "-r", "all", t.testImg()));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.ioCmds("read -P 0x64 0 192k");
        t.echo("=== refcount 2 for a cluster referenced once ===");
        t.pokeBe(img, T063.refcountOffset(t, img, cluster), 2, 2);
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("check -r all: rc=" + t.img("check", "-r", "all", t.testImg()));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("=== refcount 0 for the L1 table's cluster ===");
        long l1 = T063.be(t, img, 40, 8);
        t.pokeBe(img, T063.refcountOffset(t, img, l1 / 65536), 2, 0);
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("check -r all: rc=" + t.img("check", "-r", "all", t.testImg()));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.ioCmds("read -P 0x64 0 192k");
    }
}
