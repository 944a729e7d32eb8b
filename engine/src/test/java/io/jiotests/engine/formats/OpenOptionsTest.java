package io.jiotests.engine.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Open options of the vdi and vpc drivers (--image-opts) give qemu-io's outcome: known ones work, others fail. */
class OpenOptionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "vdi;", "vdi;,foo=1", "vdi;,node-name=n", "vdi;,cache.direct=off", "vdi;,force_size_calc=chs",
        "vpc;", "vpc;,foo=1", "vpc;,force_size_calc=chs", "vpc;,force_size_calc=current_size",
        "vpc;,force_size_calc=bogus", "vpc;,force_size_calc=bogus,foo=1", "vpc;,detect-zeroes=on",
    })
    void sameOutcomeAsQemuIo(String fmt, String extra) throws Exception {
        String image = "t." + fmt;
        assertThat(ToolRuns.qemu(dir, "qemu-img", List.of("create", "-q", "-f", fmt, image, "3M")).exit()).isZero();
        List<String> args = List.of("--image-opts", "-c", "write -P 5 1M 4k", "-c", "read -P 5 1M 4k", "-c", "length",
                "driver=" + fmt + ",file.filename=" + image + (extra == null ? "" : extra));
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", args);
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", args);
        assertThat(got.stdout()).isEqualTo(want.stdout());
        assertThat(got.stderr()).isEqualTo(want.stderr());
        assertThat(got.exit()).isEqualTo(want.exit());
    }
}
