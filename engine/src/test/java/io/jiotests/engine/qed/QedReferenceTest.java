package io.jiotests.engine.qed;

import io.jiotests.engine.formats.HeaderPokes;
import io.jiotests.engine.formats.ReferenceTestBase;
import io.jiotests.engine.formats.ToolRuns;
import io.jiotests.engine.formats.TwinRuns;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The QED driver against the reference qemu-img / qemu-io 7.2: images created with the same
 * options are byte-identical (including the empty file QEMU leaves behind when an option is
 * invalid), and images with a header field poked to a bad value are refused with QEMU's message
 * and exit code (or opened, when QEMU opens them); check, check -r all and the automatic repair
 * when a need-check image is opened read-write leave the same bytes as QEMU's.
 */
class QedReferenceTest extends ReferenceTestBase {
    @ParameterizedTest
    @ValueSource(strings = {"-o|cluster_size=4k|1M", "|5M", "-o|table_size=16|64M", "-o|cluster_size=1M,table_size=2|1G",
            "|1000", "|0", "-o|cluster_size=3k|1M", "-o|table_size=3|1M", "-o|cluster_size=32M,table_size=8|1M",
            "|65T", "-b|base.raw|-F|raw|", "-b|base.qed|-F|qed|8M", "-o|table_size=1|1M"})
    void createGivesTheSameBytesAndMessages(String spec) throws Exception {
        Files.write(dir.resolve("base.raw"), new byte[4 << 20]);
        reference("qemu-img", "create", "-q", "-f", "qed", "base.qed", "2M");
        TwinRuns.assertSameCreate(dir, "qed", "qed", spec);
    }

    /** "offset:width:value" little-endian pokes into a 4 MiB image with 1 MiB written. */
    @ParameterizedTest
    @ValueSource(strings = {"0:4:0", "4:4:3072", "4:4:0x80000000", "8:4:3", "8:4:32", "12:4:0xffffffff",
            "12:4:0", "16:8:0x100", "16:8:2", "16:8:4", "24:8:0x10", "32:8:0x80", "40:8:0", "40:8:0x10008",
            "40:8:0x10000000000", "48:8:1000", "48:8:0x7ffffffffffffe00", "16:8:1;56:4:0x7ffffff0;60:4:16",
            "16:8:1;56:4:64;60:4:0xffffffff", "16:8:1;56:4:64;60:4:5000", "16:8:5;56:4:0x200;60:4:8",
            "L1:8:0x10000000000", "L1:8:0x50008", "L1:8:0x10000", "L2:8:0x10000000000", "L2:8:0x10000",
            "16:8:2;L2:8:0x10000000000", "16:8:2;L1:8:0x50008", "16:8:2;L2:8:0x10000", "16:8:2;32:8:0x80", "48:8:0"})
    void pokedHeadersAreJudgedAsQemuJudgesThem(String pokes) throws Exception {
        reference("qemu-img", "create", "-q", "-f", "qed", "q.qed", "4M");
        reference("qemu-io", "-f", "qed", "-c", "write -P 0x11 0 1M", "q.qed");
        byte[] img = Files.readAllBytes(dir.resolve("q.qed"));
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        for (String poke : pokes.split(";")) {
            String[] f = poke.split(":");
            long l1 = b.getLong(40);
            long off = switch (f[0]) {
                case "L1" -> l1;
                case "L2" -> b.getLong((int) l1);
                default -> Long.decode(f[0]);
            };
            long v = Long.parseUnsignedLong(f[2].replace("0x", ""), f[2].startsWith("0x") ? 16 : 10);
            if (f[1].equals("4")) {
                b.putInt((int) off, (int) v);
            } else {
                b.putLong((int) off, v);
            }
        }
        Files.write(dir.resolve("q.qed"), img);
        Files.write(dir.resolve("j.qed"), img);
        for (List<String> cmd : List.of(List.of("-r", "-c", "read -P 0x11 0 64k", "-c", "map"),
                List.of("-c", "read -P 0x11 0 64k", "-c", "write -P 0x22 2M 4k"))) {
            ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", HeaderPokes.append(cmd, "q.qed"));
            ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", HeaderPokes.append(cmd, "j.qed"));
            assertThat(got.stdout()).as(pokes + " " + cmd).isEqualTo(want.stdout());
            assertThat(got.stderr().replace("j.qed", "q.qed")).as(pokes + " " + cmd).isEqualTo(want.stderr());
            assertThat(got.exit()).as(pokes + " " + cmd).isEqualTo(want.exit());
            assertThat(Files.mismatch(dir.resolve("j.qed"), dir.resolve("q.qed"))).as(pokes + " " + cmd).isEqualTo(-1L);
        }
        for (List<String> check : List.of(List.of("check"), List.of("check", "--output=json"),
                List.of("check", "-r", "all"), List.of("check"))) {
            ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-img", HeaderPokes.append(check, "q.qed"));
            ToolRuns.Result got = ToolRuns.java(dir, "qemu-img", HeaderPokes.append(check, "j.qed"));
            assertThat(got.stdout().replace("j.qed", "q.qed")).as(pokes + " " + check).isEqualTo(want.stdout());
            assertThat(got.stderr().replace("j.qed", "q.qed")).as(pokes + " " + check).isEqualTo(want.stderr());
            assertThat(got.exit()).as(pokes + " " + check).isEqualTo(want.exit());
            assertThat(Files.mismatch(dir.resolve("j.qed"), dir.resolve("q.qed"))).as(pokes + " " + check).isEqualTo(-1L);
        }
    }
}
