package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * QED's need-check feature bit (set while an image is in use): a read-only check reports it, a
 * read-write open runs the consistency check and clears it; data stays intact. The header is
 * little-endian.
 */
@IoTest(number = 124, title = "qed need-check flag and automatic repair",
        groups = {"check", "header", "formats", "auto", "quick"}, formats = {"qed"})
final class T124 implements ConformanceTest {
    static long le(byte[] b) {
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    @Override
    public void run(TestContext t) throws Exception {
        java.nio.file.Path img = java.nio.file.Path.of(t.testImg());
        t.makeTestImg("4M");
        t.ioCmds("write -q -P 0x24 0 1M");
        t.echo("features=0x" + Long.toHexString(le(t.peek(img, 16, 8))));
        t.poke(img, 16, new byte[] {2, 0, 0, 0, 0, 0, 0, 0});
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.io("-r", "-c", "read -P 0x24 0 1M", t.testImg());
        t.echo("features=0x" + Long.toHexString(le(t.peek(img, 16, 8))));
        t.ioCmds("read -P 0x24 0 1M");
        t.echo("features=0x" + Long.toHexString(le(t.peek(img, 16, 8))));
        t.echo("=== unknown feature bit ===");
        t.poke(img, 16, new byte[] {0, 0, 0, 0, 0, 1, 0, 0});
        t.echo("rc=" + t.ioCmds("read 0 512"));
        t.echo("=== leaked cluster: L1 entry cleared ===");
        t.makeTestImg("4M");
        t.ioCmds("write -q -P 0x24 0 1M");
        long l1 = le(t.peek(img, 40, 8));
        t.poke(img, l1, new byte[8]);
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("check -r all: rc=" + t.img("check", "-r", "all", t.testImg()));
        t.echo("check: rc=" + t.img("check", t.testImg()));
    }
}
