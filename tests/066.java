package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/**
 * Corrupt mapping tables: an unaligned L2 entry and an L1 entry pointing into the header are caught
 * at read time (the image is marked corrupt) and by check; oversized L1 and refcount tables are
 * refused at open instead of being allocated.
 */
@IoTest(number = 66, title = "corrupt L1/L2 entries and huge tables",
        groups = {"check", "corrupt", "auto", "quick"}, formats = {"qcow2"})
final class T066 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        Path img = Path.of(t.testImg());
        t.echo("=== unaligned data cluster offset in L2 ===");
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x66 0 128k");
        long e1 = T063.l2EntryOffset(t, img, 1);
        t.pokeBe(img, e1, 8, T063.be(t, img, e1, 8) + 0x200);
        t.echo("read: rc=" + t.ioCmds("read 64k 64k"));
        T058.features(t, img);
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("=== L2 table offset in L1 points at the header ===");
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x66 0 128k");
        long l1 = T063.be(t, img, 40, 8);
        t.pokeBe(img, l1, 8, 0x8000000000000000L);
        t.echo("read: rc=" + t.ioCmds("read 0 64k"));
        T058.features(t, img);
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("=== L1 entry beyond the end of the file ===");
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x66 0 128k");
        t.pokeBe(img, l1, 8, 0x8000000100000000L);
        t.echo("read: rc=" + t.ioCmds("read 0 64k"));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("=== huge L1 table ===");
        t.makeTestImg("1M");
        t.pokeBe(img, 36, 4, 0x10000000L);
        t.echo("open: rc=" + t.ioCmds("read 0 512"));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("=== huge refcount table ===");
        t.makeTestImg("1M");
        t.pokeBe(img, 56, 4, 0x10000000L);
        t.echo("open: rc=" + t.ioCmds("read 0 512"));
        t.echo("=== unaligned L1 table offset ===");
        t.makeTestImg("1M");
        t.pokeBe(img, 40, 8, 0x30200L);
        t.echo("open: rc=" + t.ioCmds("read 0 512"));
    }
}
