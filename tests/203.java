package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Truncated and zero-length qcow2 files, and compressed cluster descriptors out of range. */
@IoTest(number = 203, title = "truncated qcow2 files and out-of-range compressed descriptors",
        groups = {"robustness", "hostile", "auto", "quick"}, formats = {"qcow2"})
final class T203 implements ConformanceTest {

    @Override
    public void run(TestContext t) throws Exception {
        Path img = Path.of(t.testImg());
        for (long size : new long[] {0, 1, 71, 104}) {
            t.echo("=== cut to " + size + " bytes ===");
            t.makeTestImg("1M");
            try (var ch = java.nio.channels.FileChannel.open(img, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(size);
            }
            t.echo("info rc=" + t.imgInfo());
            t.echo("read rc=" + t.ioCmds("read 0 512"));
        }
        for (String c : new String[] {"past EOF", "all bits set"}) {
            t.echo("=== compressed descriptor " + c + " ===");
            t.makeTestImg("1M");
            t.ioCmds("write -c -P 0x11 0 64k");
            long l1 = be(t.peek(img, 40, 8));
            long l2 = be(t.peek(img, l1, 8)) & 0x00fffffffffffe00L;
            long entry = c.equals("past EOF") ? (1L << 62) | (1L << 40) : (1L << 62) | 0x3fffffffffffffffL;
            t.pokeBe(img, l2, 8, entry);
            t.echo("read rc=" + t.io("-r", "-f", "qcow2", "-c", "read 0 64k", t.testImg()));
            t.echo("convert rc=" + t.img("convert", "-f", "qcow2", "-O", "raw", t.testImg(), t.path("out.raw").toString()));
        }
    }

    private static long be(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }
}
