package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/**
 * A cluster whose L2 entry is cleared behind qcow2's back is leaked: check reports it (exit 3),
 * check -r leaks frees it, and the freed space is then reused. Also the helpers the other check
 * tests use to find qcow2 metadata (header fields, L2 entries, refcount entries).
 */
@IoTest(number = 63, title = "check and repair leaked clusters",
        groups = {"check", "auto", "quick"}, formats = {"qcow2"})
final class T063 implements ConformanceTest {
    static long be(TestContext t, Path img, long off, int width) {
        return T057.be(t.peek(img, off, width), 0, width);
    }

    /** Host offset of the L2 entry that maps guest cluster {@code index} (L1 entry 0 only). */
    static long l2EntryOffset(TestContext t, Path img, int index) {
        long l1 = be(t, img, 40, 8);
        long l2 = be(t, img, l1, 8) & 0x00fffffffffffe00L;
        return l2 + 8L * index;
    }

    /** Host offset of the 16-bit refcount of host cluster {@code cluster} (first refcount block). */
    static long refcountOffset(TestContext t, Path img, long cluster) {
        long rt = be(t, img, 48, 8);
        long rb = be(t, img, rt, 8);
        return rb + 2 * cluster;
    }

    @Override
    public void run(TestContext t) throws Exception {
        Path img = Path.of(t.testImg());
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x63 0 256k");
        long e2 = l2EntryOffset(t, img, 2);
        t.echo(String.format("L2 entry 2: 0x%x", be(t, img, e2, 8)));
        t.pokeBe(img, e2, 8, 0);
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("check -r leaks: rc=" + t.img("check", "-r", "leaks", t.testImg()));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.ioCmds("read -P 0 128k 64k", "read -P 0x63 192k 64k", "write -P 0x64 512k 64k");
        t.echo(String.format("L2 entry 8: 0x%x (the freed cluster is reused)", be(t, img, l2EntryOffset(t, img, 8), 8)));
        t.echo("=== a leak found by a read-only check is not repaired ===");
        t.pokeBe(img, l2EntryOffset(t, img, 0), 8, 0);
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("check -r all: rc=" + t.img("check", "-r", "all", t.testImg()));
        t.echo("check: rc=" + t.img("check", t.testImg()));
    }
}
