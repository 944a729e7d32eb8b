package io.jiotests.engine.qcow;

import io.jiotests.engine.formats.HeaderPokes;
import io.jiotests.engine.formats.ReferenceTestBase;
import io.jiotests.engine.formats.ToolRuns;
import io.jiotests.engine.formats.TwinRuns;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The qcow (version 1) driver against the reference qemu-img / qemu-io 7.2: create gives the
 * same bytes and messages; the same qemu-io requests (fixed seeds: writes of any alignment, zero
 * writes, compressed writes, with and without a backing file) leave byte-identical images with
 * the same info / map output; convert to qcow (plain and -c) is byte-identical; header fields
 * poked to bad values are refused with QEMU's message (or opened when QEMU opens them).
 */
class QcowReferenceTest extends ReferenceTestBase {
    @ParameterizedTest
    @ValueSource(strings = {"|1M", "|10M", "|1", "|1000", "|0", "|100G", "-b|base.qcow2|-F|qcow2|8M",
            "-b|base.qcow2|-F|qcow2|", "-o|encryption=on|1M", "-o|preallocation=full|1M",
            "-o|cluster_size=4k|1M"})
    void createGivesTheSameBytesAndMessages(String spec) throws Exception {
        reference("qemu-img", "create", "-q", "-f", "qcow2", "base.qcow2", "4M");
        TwinRuns.assertSameCreate(dir, "qcow", "qcow", spec);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void sameRequestsGiveTheSameImage(long seed) throws Exception {
        Random rnd = new Random(seed);
        boolean backed = seed % 2 == 0;
        long size = 4L << 20;
        List<String> create = new ArrayList<>(List.of("create", "-q", "-f", "qcow"));
        if (backed) {
            reference("qemu-img", "create", "-q", "-f", "qcow2", "base.qcow2", Long.toString(size));
            reference("qemu-io", "-c", "write -P 0x33 0 " + size, "base.qcow2");
            create.addAll(List.of("-b", "base.qcow2", "-F", "qcow2"));
        }
        create.add("q.qcow");
        create.add(Long.toString(size));
        ToolRuns.Result made = ToolRuns.qemu(dir, "qemu-img", create);
        assertThat(made.exit()).as(made.stderr()).isZero();
        Files.copy(dir.resolve("q.qcow"), dir.resolve("j.qcow"));
        int cluster = backed ? 512 : 4096;
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            args.add("-c");
            long off = rnd.nextLong(size - 8192);
            int len = 1 + rnd.nextInt(6000);
            args.add(switch (rnd.nextInt(5)) {
                case 0 -> "write -P " + (1 + rnd.nextInt(250)) + " " + off + " " + len;
                case 1 -> "write -P " + (1 + rnd.nextInt(250)) + " " + (off & ~511L) + " " + (len + 511 & ~511);
                case 2 -> "write -z " + (off & ~511L) + " " + (len + 511 & ~511);
                case 3 -> "write -c -P " + (1 + rnd.nextInt(250)) + " " + (off & -cluster) + " " + cluster;
                default -> "read -v " + off + " " + Math.min(len, 64);
            });
        }
        List<String> q = new ArrayList<>(args);
        q.add("q.qcow");
        List<String> j = new ArrayList<>(args);
        j.add("j.qcow");
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", q);
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", j);
        assertThat(got.stdout()).isEqualTo(want.stdout());
        assertThat(got.stderr().replace("j.qcow", "q.qcow")).isEqualTo(want.stderr());
        assertThat(Files.mismatch(dir.resolve("j.qcow"), dir.resolve("q.qcow"))).isEqualTo(-1L);
        for (List<String> cmd : List.of(List.of("info", "--output=json"), List.of("map", "--output=json"),
                List.of("map"), List.of("check"))) {
            List<String> c = new ArrayList<>(cmd);
            c.add("q.qcow");
            ToolRuns.Result a = ToolRuns.qemu(dir, "qemu-img", c);
            ToolRuns.Result b = ToolRuns.java(dir, "qemu-img", c);
            assertThat(b.stdout()).as(cmd.toString()).isEqualTo(a.stdout());
            assertThat(b.stderr()).as(cmd.toString()).isEqualTo(a.stderr());
            assertThat(b.exit()).as(cmd.toString()).isEqualTo(a.exit());
        }
        for (String c : new String[] {"", "-c"}) {
            List<String> conv = new ArrayList<>(List.of("convert", "-O", "qcow"));
            if (!c.isEmpty()) {
                conv.add(c);
            }
            conv.add("q.qcow");
            List<String> qc = new ArrayList<>(conv);
            qc.add("qc.qcow");
            List<String> jc = new ArrayList<>(conv);
            jc.add("jc.qcow");
            // qemu-img 7.2 exits 1 without a message after convert -c to qcow: the driver refuses
            // the zero-length compressed write that ends the copy
            ToolRuns.Result a = ToolRuns.qemu(dir, "qemu-img", qc);
            ToolRuns.Result b = ToolRuns.java(dir, "qemu-img", jc);
            assertThat(b.exit()).as("convert " + c).isEqualTo(a.exit()).isEqualTo(c.isEmpty() ? 0 : 1);
            assertThat(b.stderr()).as("convert " + c).isEqualTo(a.stderr());
            assertThat(Files.mismatch(dir.resolve("jc.qcow"), dir.resolve("qc.qcow"))).as("convert " + c).isEqualTo(-1L);
        }
    }

    /** "offset:width:value" big-endian pokes into a 1 MiB image with 64 KiB written. */
    @ParameterizedTest
    @ValueSource(strings = {"24:8:0", "24:8:1", "24:8:2", "32:1:8", "32:1:17", "32:1:0", "33:1:5", "33:1:14",
            "36:4:1", "36:4:2", "40:8:0xffffffffff00", "24:8:0x7fffffffffffffff", "24:8:0xffffffffffffffff",
            "24:8:0x7ffffffffff00000", "8:8:0x100", "16:4:1024", "8:8:48;16:4:1024", "8:8:48;16:4:4",
            "40:8:0x8000000000000000", "4:4:2", "4:4:3", "4:4:0", "0:4:0"})
    void pokedHeadersGetQemuMessages(String pokes) throws Exception {
        reference("qemu-img", "create", "-q", "-f", "qcow", "q.qcow", "1M");
        reference("qemu-io", "-c", "write -P 0x5a 0 64k", "q.qcow");
        HeaderPokes.poke(dir.resolve("q.qcow"), pokes.replace(';', ','), ByteOrder.BIG_ENDIAN);
        for (List<String> cmd : List.of(List.of("info", "-f", "qcow", "q.qcow"),
                List.of("convert", "-f", "qcow", "-O", "raw", "q.qcow", "out.raw"))) {
            ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-img", cmd);
            ToolRuns.Result got = ToolRuns.java(dir, "qemu-img", cmd);
            assertThat(got.stdout()).as(pokes + " " + cmd).isEqualTo(want.stdout());
            assertThat(got.stderr()).as(pokes + " " + cmd).isEqualTo(want.stderr());
            assertThat(got.exit()).as(pokes + " " + cmd).isEqualTo(want.exit());
        }
    }
}
