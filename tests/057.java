package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * qcow2 header extensions (backing format, feature name table, and an unknown extension added by
 * hand) survive header rewrites by amend and rebase -u; the unknown one is carried along verbatim.
 */
@IoTest(number = 57, title = "qcow2 header extensions survive header rewrites",
        groups = {"header", "amend", "auto", "quick"}, formats = {"qcow2"})
final class T057 implements ConformanceTest {
    static long be(byte[] b, int off, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    /** Prints the extension list and the backing file name; returns the offset of the end marker. */
    static int walk(TestContext t, Path img) {
        byte[] c0 = t.peek(img, 0, 4096);
        int off = be(c0, 4, 4) >= 3 ? (int) be(c0, 100, 4) : 72;
        while (off + 8 <= c0.length) {
            long magic = be(c0, off, 4);
            int len = (int) be(c0, off + 4, 4);
            if (magic == 0) {
                break;
            }
            t.echo(String.format("extension 0x%08x length %d", magic, len));
            off += 8 + ((len + 7) & ~7);
        }
        long bOff = be(c0, 8, 8);
        int bLen = (int) be(c0, 16, 4);
        t.echo("backing file: " + (bOff == 0 ? "(none)" : new String(c0, (int) bOff, bLen)));
        return off;
    }

    @Override
    public void run(TestContext t) throws Exception {
        Path img = Path.of(t.testImg());
        String base = t.testImg() + ".base";
        t.img("create", "-q", "-f", "qcow2", base, "1M");
        t.makeTestImg("1M", "-b", "t.qcow2.base", "-F", "qcow2");
        int end = walk(t, img);
        t.echo("=== add an unknown extension before the end marker ===");
        byte[] c0 = t.peek(img, 0, 4096);
        long bOff = be(c0, 8, 8);
        int bLen = (int) be(c0, 16, 4);
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        tail.write(ByteBuffer.allocate(16).putInt(0x6a696f74).putInt(5).put("hello".getBytes()).array());
        tail.write(new byte[8]);
        long newBackingOff = end + tail.size();
        tail.write(c0, (int) bOff, bLen);
        t.poke(img, end, tail.toByteArray());
        t.pokeBe(img, 8, 8, newBackingOff);
        walk(t, img);
        t.img("check", t.testImg());
        t.echo("=== amend rewrites the header ===");
        t.img("amend", "-o", "lazy_refcounts=on", t.testImg());
        walk(t, img);
        t.echo("=== rebase -u rewrites it again ===");
        t.img("rebase", "-u", "-b", base, "-F", "qcow2", t.testImg());
        walk(t, img);
        t.img("check", t.testImg());
        t.imgInfo();
    }
}
