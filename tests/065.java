package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/**
 * OFLAG_COPIED must be set exactly on L1/L2 entries whose cluster has refcount 1: clearing it on a
 * data cluster or an L2 table, or setting it on a cluster shared with a snapshot, is reported and
 * repaired by check -r all.
 */
@IoTest(number = 65, title = "check and repair OFLAG_COPIED",
        groups = {"check", "snapshot", "auto", "quick"}, formats = {"qcow2"})
final class T065 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        Path img = Path.of(t.testImg());
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x65 0 128k");
        long e0 = T063.l2EntryOffset(t, img, 0);
        t.echo("=== data cluster without OFLAG_COPIED ===");
        t.pokeBe(img, e0, 8, T063.be(t, img, e0, 8) & ~(1L << 63));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("check -r all: rc=" + t.img("check", "-r", "all", t.testImg()));
        t.echo(String.format("L2 entry 0: 0x%x", T063.be(t, img, e0, 8)));
        t.echo("=== L2 table without OFLAG_COPIED ===");
        long l1 = T063.be(t, img, 40, 8);
        t.pokeBe(img, l1, 8, T063.be(t, img, l1, 8) & ~(1L << 63));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("check -r all: rc=" + t.img("check", "-r", "all", t.testImg()));
        t.echo(String.format("L1 entry 0: 0x%x", T063.be(t, img, l1, 8)));
        t.echo("=== OFLAG_COPIED on a cluster shared with a snapshot ===");
        t.img("snapshot", "-c", "s", t.testImg());
        long l1b = T063.be(t, img, 40, 8);
        long l2 = T063.be(t, img, l1b, 8) & 0x00fffffffffffe00L;
        t.echo(String.format("L2 entry 1 after snapshot: 0x%x", T063.be(t, img, l2 + 8, 8)));
        t.pokeBe(img, l2 + 8, 8, T063.be(t, img, l2 + 8, 8) | (1L << 63));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("check -r all: rc=" + t.img("check", "-r", "all", t.testImg()));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.ioCmds("write -P 0x66 64k 64k");
        t.img("snapshot", "-a", "s", t.testImg());
        t.ioCmds("read -P 0x65 0 128k");
    }
}
