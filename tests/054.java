package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The snapshot table entry's extra data: qemu writes a known extra-data block; an entry rewritten
 * with a larger extra data area (unknown trailing bytes) is still read, listed and applied, and the
 * unknown bytes survive when the table is rewritten by a new snapshot.
 */
@IoTest(number = 54, title = "snapshot table entries with additional extra data",
        groups = {"snapshot", "header", "auto", "quick"}, formats = {"qcow2"})
final class T054 implements ConformanceTest {
    static long be(byte[] b, int off, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    @Override
    public void run(TestContext t) throws Exception {
        Path img = Path.of(t.testImg());
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x54 0 64k");
        t.img("snapshot", "-c", "snap", t.testImg());
        byte[] hdr = t.peek(img, 0, 72);
        long tableOff = be(hdr, 64, 8);
        t.echo("nb_snapshots=" + be(hdr, 60, 4));
        byte[] e = t.peek(img, tableOff, 40);
        int extra = (int) be(e, 36, 4);
        int idLen = (int) be(e, 12, 2);
        int nameLen = (int) be(e, 14, 2);
        t.echo("extra_data_size=" + extra + " id_len=" + idLen + " name_len=" + nameLen);
        byte[] extraData = t.peek(img, tableOff + 40, extra);
        t.echo("vm_state_size_large=" + be(extraData, 0, 8) + " disk_size=" + be(extraData, 8, 8));
        byte[] strings = t.peek(img, tableOff + 40 + extra, idLen + nameLen);
        // rebuild the entry with 8 more bytes of extra data
        int newExtra = extra + 8;
        int len = 40 + newExtra + idLen + nameLen;
        ByteBuffer nb = ByteBuffer.allocate((len + 7) & ~7);
        nb.put(e, 0, 36).putInt(newExtra).put(extraData).putLong(0x0123456789abcdefL).put(strings);
        t.poke(img, tableOff, nb.array());
        t.echo("=== with 8 unknown bytes of extra data ===");
        t.echoFiltered(t.imgQuiet("snapshot", "-l", t.testImg()).merged(), T052::noDates);
        t.img("check", t.testImg());
        t.ioCmds("write -P 0x55 0 64k");
        t.img("snapshot", "-a", "snap", t.testImg());
        t.ioCmds("read -P 0x54 0 64k");
        t.echo("=== a second snapshot rewrites the table ===");
        t.img("snapshot", "-c", "snap2", t.testImg());
        hdr = t.peek(img, 0, 72);
        tableOff = be(hdr, 64, 8);
        e = t.peek(img, tableOff, 40);
        t.echo("nb_snapshots=" + be(hdr, 60, 4) + " first extra_data_size=" + be(e, 36, 4));
        byte[] kept = t.peek(img, tableOff + 40 + extra, 8);
        t.echo(String.format("unknown extra data 0x%016x", be(kept, 0, 8)));
        t.echoFiltered(t.imgQuiet("snapshot", "-l", t.testImg()).merged(), T052::noDates);
        t.img("check", t.testImg());
    }
}
