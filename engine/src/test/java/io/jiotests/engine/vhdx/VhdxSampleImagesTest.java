package io.jiotests.engine.vhdx;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.SampleImages;
import io.jiotests.engine.formats.ToolRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Hyper-V and Disk2VHD VHDX images of the shared sample folder read exactly as qemu-img reads
 * them (convert -O raw gives the same bytes), and the one with a dirty log is refused read-only
 * with qemu's text and replayed by check -r all to the same file qemu's replay gives (modulo
 * GUIDs and checksums). Needs the shared sample images (reports "not run" without them).
 */
class VhdxSampleImagesTest {
    @TempDir
    Path dir;

    private Path extract(String name) throws Exception {
        Path out = dir.resolve(name);
        SampleImages.extract(name, out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"iotest-dynamic-1G.vhdx", "test-disk2vhd.vhdx"})
    void readsAsQemuImgDoes(String name) throws Exception {
        extract(name);
        assertThat(ToolRuns.qemu(dir, "qemu-img", List.of("convert", "-f", "vhdx", "-O", "raw", name, "q.raw")).exit())
                .isZero();
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-img", List.of("convert", "-f", "vhdx", "-O", "raw", name, "j.raw"));
        assertThat(got.exit()).as(got.stderr()).isZero();
        assertThat(Files.mismatch(dir.resolve("j.raw"), dir.resolve("q.raw"))).isEqualTo(-1L);
        ToolRuns.Result qi = ToolRuns.qemu(dir, "qemu-img", List.of("info", "-f", "vhdx", name));
        ToolRuns.Result ji = ToolRuns.java(dir, "qemu-img", List.of("info", "-f", "vhdx", name));
        assertThat(ji.stdout().replaceAll("disk size: .*", "")).isEqualTo(qi.stdout().replaceAll("disk size: .*", ""));
    }

    @Test
    void dirtyLogIsRefusedReadOnlyAndReplayedLikeQemu() throws Exception {
        Path q = extract("iotest-dirtylog-10G-4M.vhdx");
        Path j = dir.resolve("j.vhdx");
        Files.copy(q, j);
        ToolRuns.Result wantRo = ToolRuns.qemu(dir, "qemu-io", List.of("-r", "-f", "vhdx", "-c", "read 0 512", "j.vhdx"));
        ToolRuns.Result gotRo = ToolRuns.java(dir, "qemu-io", List.of("-r", "-f", "vhdx", "-c", "read 0 512", "j.vhdx"));
        assertThat(gotRo.stderr()).isEqualTo(wantRo.stderr()).contains("needs to be replayed");
        assertThat(gotRo.exit()).isEqualTo(wantRo.exit()).isEqualTo(1);
        assertThat(Files.mismatch(j, q)).as("a refused read-only open changes nothing").isEqualTo(-1L);

        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-img", List.of("check", "-r", "all", q.getFileName().toString()));
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-img", List.of("check", "-r", "all", "j.vhdx"));
        assertThat(got.stdout()).isEqualTo(want.stdout()).contains("1 corruptions");
        assertThat(got.exit()).isEqualTo(want.exit());
        byte[] a = VhdxImages.masked(q, false);
        byte[] b = VhdxImages.masked(j, false);
        assertThat(b.length).isEqualTo(a.length);
        assertThat(Arrays.mismatch(a, b)).as("first difference after the replay").isEqualTo(-1);
        assertThat(ToolRuns.qemu(dir, "qemu-img", List.of("compare", q.getFileName().toString(), "j.vhdx")).exit())
                .isZero();
    }
}
