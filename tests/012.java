package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * A corrupted qcow2 header (bytes poked into the file): bad magic, version, cluster bits, L1 size
 * and refcount table offset are refused with QEMU's error text; a restored header opens again.
 */
@IoTest(number = 12, title = "corrupted qcow2 header", groups = {"quick", "auto", "corrupt"}, formats = {"qcow2"})
final class T012 implements ConformanceTest {

    /** Header field offsets from docs/interop/qcow2.txt. */
    private static final long MAGIC = 0;
    private static final long VERSION = 4;
    private static final long CLUSTER_BITS = 20;
    private static final long SIZE = 24;
    private static final long L1_SIZE = 36;
    private static final long REFCOUNT_TABLE_OFFSET = 48;

    @Override
    public void run(TestContext t) {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x2a 0 64k");
        var img = t.path("t." + t.fmt());
        byte[] original = t.peek(img, 0, 104);

        corrupt(t, "bad magic", MAGIC, 4, 0x51464900L);
        corrupt(t, "version 1", VERSION, 4, 1);
        corrupt(t, "version 4", VERSION, 4, 4);
        corrupt(t, "cluster bits 8", CLUSTER_BITS, 4, 8);
        corrupt(t, "cluster bits 22", CLUSTER_BITS, 4, 22);
        corrupt(t, "L1 size far too large", L1_SIZE, 4, 0x10000000L);
        corrupt(t, "unaligned refcount table offset", REFCOUNT_TABLE_OFFSET, 8, 0x10001L);
        corrupt(t, "virtual size beyond the limit", SIZE, 8, 0x7fffffffffffffffL);

        t.echo("=== header restored ===");
        t.poke(img, 0, original);
        t.ioCmds("read -P 0x2a 0 64k");
        t.img("check", t.testImg());
    }

    private static void corrupt(TestContext t, String what, long offset, int width, long value) {
        var img = t.path("t." + t.fmt());
        byte[] saved = t.peek(img, offset, width);
        t.echo("=== " + what + " ===");
        t.pokeBe(img, offset, width, value);
        t.echo("exit code " + t.img("info", "-f", t.fmt(), t.testImg()));
        t.echo("exit code " + t.ioCmds("read -P 0x2a 0 4k"));
        t.poke(img, offset, saved);
    }
}
