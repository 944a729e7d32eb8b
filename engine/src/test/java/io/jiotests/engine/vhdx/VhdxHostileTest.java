package io.jiotests.engine.vhdx;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import io.jiotests.engine.formats.TwinRuns;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Crafted VHDX images (an 8 MiB qemu-img image with 1 MiB blocks, a field poked little endian):
 * info, check, and qemu-io reads and writes give the reference's messages and exit codes, and
 * writes change the file as the reference's do (modulo GUIDs). The BAT is at 2 MiB, the metadata
 * region at 3 MiB with its items at 3 MiB + 64 KiB (file parameters, disk size, page 83, logical
 * and physical sector size); the file ends at 8 MiB.
 */
class VhdxHostileTest {
    private static final long BAT = 2 << 20;
    private static final long META = 3 << 20;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "block 0 partially present;   2097152; 8; 0x800007",
        "block 0 state 5;             2097152; 8; 0x800005",
        "block 0 at offset 0;         2097152; 8; 0x6",
        "block 0 in the metadata;     2097152; 8; 0x300006",
        "block 0 in the log;          2097152; 8; 0x100006",
        "block 7 past the end;        2097208; 8; 0x800006",
        "block 0 past 2^40;           2097152; 8; 0x10000000006",
        "block 0 reserved bits;       2097152; 8; 0xffffe",
        "has parent;                  3211268; 4; 2",
        "leave blocks allocated;      3211268; 4; 1",
        "file parameters length 0;    3145780; 4; 0",
        "file parameters at 0xfff8;   3145776; 4; 0xfff8",
        "logical sector 4096;         3211296; 4; 4096",
        "physical sector 1024;        3211300; 4; 1024",
        "disk size 8M+100;            3211272; 8; 8388708",
        "disk size 64T+1;             3211272; 8; 70368744177665",
        "block size 512k;             3211264; 4; 524288",
    })
    void sameMessagesAndBytesAsQemu(String what, long offset, int width, String value) throws Exception {
        TwinRuns.reference(dir, List.of("qemu-img", "create", "-q", "-f", "vhdx", "-o", "block_size=1M", "q.vhdx", "8M"));
        poke(dir.resolve("q.vhdx"), offset, width, Long.decode(value));
        Files.copy(dir.resolve("q.vhdx"), dir.resolve("j.vhdx"));
        for (List<String> args : List.of(List.of("info", "-f", "vhdx"), List.of("check", "-f", "vhdx"))) {
            same(what, "qemu-img", args);
        }
        same(what, "qemu-io", List.of("-f", "vhdx", "-c", "read -v 0 32", "-c", "read -P 0 1M 1M",
                "-c", "write -P 0x5a 512 4096", "-c", "write -P 0x5b 7M 512", "-c", "read -P 0x5a 512 4096"));
        byte[] q = VhdxImages.masked(dir.resolve("q.vhdx"), false);
        byte[] j = VhdxImages.masked(dir.resolve("j.vhdx"), false);
        assertThat(j.length).as(what).isEqualTo(q.length);
        assertThat(java.util.Arrays.mismatch(j, q)).as("first differing byte: " + what).isEqualTo(-1);
    }

    private void same(String what, String tool, List<String> args) throws Exception {
        List<String> q = new java.util.ArrayList<>(args);
        q.add("q.vhdx");
        List<String> j = new java.util.ArrayList<>(args);
        j.add("j.vhdx");
        ToolRuns.Result want = ToolRuns.qemu(dir, tool, q);
        ToolRuns.Result got = ToolRuns.java(dir, tool, j);
        String filter = "(?m)^disk size: .*\n";
        assertThat(got.stdout().replace("j.vhdx", "q.vhdx").replaceAll(filter, ""))
                .as(what + ": " + tool + " " + args).isEqualTo(want.stdout().replaceAll(filter, ""));
        assertThat(got.stderr().replace("j.vhdx", "q.vhdx")).as(what + ": " + tool + " " + args).isEqualTo(want.stderr());
        assertThat(got.exit()).as(what + ": " + tool + " " + args).isEqualTo(want.exit());
    }

    private static void poke(Path image, long offset, int width, long value) throws Exception {
        byte[] b = Files.readAllBytes(image);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (width == 8) {
            le.putLong((int) offset, value);
        } else {
            le.putInt((int) offset, (int) value);
        }
        if (offset == META + 52 - 4 && value == 0xfff8) {
            // the file parameters moved to the last 8 bytes of the table area: copy them there
            System.arraycopy(b, (int) META + 0x10000, b, (int) META + 0xfff8, 8);
        }
        Files.write(image, b);
    }
}
