package io.jiotests.engine.vdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code create -f vdi} through jqemu-img gives qemu-img's bytes, except the two random UUIDs
 * (image and last snapshot, header bytes 0x188-0x1a7), and the same messages on bad options.
 */
class VdiCreateIdenticalTest {
    private static final int UUIDS = 0x188;
    private static final int UUIDS_END = 0x1a8;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0;", "1;", "1000000;", "5M;", "1G;", "4T;",
        "5M;static=on", "1000000;static=on", "0;static=on", "3G;static=off",
        "0x1fffff8000001;", "100P;", "5M;static=maybe", "5M;preallocation=full", "5M;cluster_size=1M",
    })
    void sameBytesAndMessagesAsQemuImg(String size, String options) throws Exception {
        List<String> q = ToolRuns.createArgs("vdi", "q.vdi", size, options);
        List<String> j = ToolRuns.createArgs("vdi", "j.vdi", size, options);
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-img", q);
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-img", j);
        assertThat(got.exit()).as("exit").isEqualTo(want.exit());
        assertThat(got.stdout().replace("j.vdi", "q.vdi")).isEqualTo(want.stdout());
        assertThat(got.stderr().replace("j.vdi", "q.vdi")).isEqualTo(want.stderr());
        if (want.exit() != 0) {
            return;
        }
        byte[] a = Files.readAllBytes(dir.resolve("q.vdi"));
        byte[] b = Files.readAllBytes(dir.resolve("j.vdi"));
        assertThat(Files.size(dir.resolve("j.vdi"))).isEqualTo(Files.size(dir.resolve("q.vdi")));
        assertThat(Arrays.equals(a, 0, UUIDS, b, 0, UUIDS)).as("header before the UUIDs").isTrue();
        assertThat(Arrays.mismatch(Arrays.copyOfRange(a, UUIDS_END, a.length),
                Arrays.copyOfRange(b, UUIDS_END, b.length))).as("first difference after the UUIDs").isEqualTo(-1);
    }

    @Test
    void uuidsAreRandomVersion4InVdiByteOrder() throws Exception {
        for (String n : List.of("a.vdi", "b.vdi")) {
            assertThat(ToolRuns.java(dir, "qemu-img", List.of("create", "-q", "-f", "vdi", n, "1M")).exit()).isZero();
        }
        byte[] a = Files.readAllBytes(dir.resolve("a.vdi"));
        byte[] b = Files.readAllBytes(dir.resolve("b.vdi"));
        assertThat(Arrays.copyOfRange(a, UUIDS, UUIDS + 16)).isNotEqualTo(Arrays.copyOfRange(b, UUIDS, UUIDS + 16));
        assertThat(Arrays.copyOfRange(a, UUIDS, UUIDS + 16)).isNotEqualTo(Arrays.copyOfRange(a, UUIDS + 16, UUIDS_END));
        for (int off = UUIDS; off < UUIDS_END; off += 16) {
            assertThat(a[off + 7] & 0xf0).as("version nibble (time_hi, little endian)").isEqualTo(0x40);
            assertThat(a[off + 8] & 0xc0).as("RFC 4122 variant").isEqualTo(0x80);
        }
        // the reference accepts and reads the engine's image
        ToolRuns.Result check = ToolRuns.qemu(dir, "qemu-img", List.of("check", "a.vdi"));
        assertThat(check.stdout()).isEqualTo("No errors were found on the image.\n");
    }
}
