package io.jiotests.engine.vhdx;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code create -f vhdx} through jqemu-img gives qemu-img's bytes (layout of log, BAT and
 * metadata, block size by disk size, BAT states for dynamic / fixed and block_state_zero, what
 * is written and what is left a hole) except the random GUIDs, sequence number and checksums, and
 * the same messages on bad options and sizes.
 */
class VhdxCreateIdenticalTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0;", "1000;", "64M;", "1G;", "1025M;", "100G;", "101G;", "32T;", "33T;", "64T;", "65T;",
        "64M;log_size=1000k", "64M;log_size=3M", "64M;log_size=0", "64M;log_size=5G",
        "64M;block_size=1M", "64M;block_size=1000k", "64M;block_size=512k", "64M;block_size=512M",
        "64M;block_size=3M", "5G;block_size=1M", "5M;subformat=fixed", "2500k;subformat=fixed,block_size=1M",
        "2500k;subformat=fixed,block_size=1M,block_state_zero=off", "2500k;block_state_zero=off",
        "64M;subformat=bogus", "64M;block_state_zero=maybe", "65T;log_size=0,block_size=3M",
        "1G;log_size=0,block_size=3M",
    })
    void sameBytesAndMessagesAsQemuImg(String size, String options) throws Exception {
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-img", ToolRuns.createArgs("vhdx", "q.vhdx", size, options));
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-img", ToolRuns.createArgs("vhdx", "j.vhdx", size, options));
        assertThat(got.stdout().replace("j.vhdx", "q.vhdx")).isEqualTo(want.stdout());
        assertThat(got.stderr().replace("j.vhdx", "q.vhdx")).isEqualTo(want.stderr());
        assertThat(got.exit()).as("exit").isEqualTo(want.exit());
        if (want.exit() != 0) {
            return;
        }
        byte[] a = VhdxImages.masked(dir.resolve("q.vhdx"), true);
        byte[] b = VhdxImages.masked(dir.resolve("j.vhdx"), true);
        assertThat(b.length).isEqualTo(a.length);
        assertThat(Arrays.mismatch(a, b)).as("first difference outside the masked fields").isEqualTo(-1);
        // the same holes: qemu-img map of the file as raw data
        List<String> map = List.of("map", "-f", "raw", "--output=json");
        assertThat(ToolRuns.qemu(dir, "qemu-img", with(map, "j.vhdx")).stdout().replace("j.vhdx", "q.vhdx"))
                .isEqualTo(ToolRuns.qemu(dir, "qemu-img", with(map, "q.vhdx")).stdout());
        // the reference reads what the engine made
        ToolRuns.Result check = ToolRuns.qemu(dir, "qemu-img", List.of("check", "j.vhdx"));
        assertThat(check.stdout()).isEqualTo("No errors were found on the image.\n");
        Files.delete(dir.resolve("q.vhdx"));
        Files.delete(dir.resolve("j.vhdx"));
    }

    private static List<String> with(List<String> a, String last) {
        List<String> out = new ArrayList<>(a);
        out.add(last);
        return out;
    }
}
