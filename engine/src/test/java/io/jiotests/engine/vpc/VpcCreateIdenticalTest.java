package io.jiotests.engine.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code create -f vpc} through jqemu-img gives qemu-img's bytes (CHS geometry rounding, BAT,
 * footer copies) except the footer's timestamp, UUID and the checksum over them, and the same
 * messages on bad options and sizes.
 */
class VpcCreateIdenticalTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0;", "1;", "512;", "1000000;", "5M;", "8M;", "64M;", "127M;", "1G;", "31G;", "32G;", "127G;",
        "128G;", "130G;", "1T;", "2040G;", "2041G;", "100P;",
        "5M;force_size=on", "1000000;force_size=on", "2041G;force_size=on",
        "5M;subformat=fixed", "1000000;subformat=fixed,force_size=on", "64M;subformat=dynamic",
        "5M;subformat=bogus", "5M;force_size=maybe",
    })
    void sameBytesAndMessagesAsQemuImg(String size, String options) throws Exception {
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-img", ToolRuns.createArgs("vpc", "q.vhd", size, options));
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-img", ToolRuns.createArgs("vpc", "j.vhd", size, options));
        assertThat(got.exit()).as("exit").isEqualTo(want.exit());
        assertThat(got.stdout().replace("j.vhd", "q.vhd")).isEqualTo(want.stdout());
        assertThat(got.stderr().replace("j.vhd", "q.vhd")).isEqualTo(want.stderr());
        if (want.exit() != 0) {
            return;
        }
        byte[] a = Files.readAllBytes(dir.resolve("q.vhd"));
        byte[] b = Files.readAllBytes(dir.resolve("j.vhd"));
        assertThat(b.length).isEqualTo(a.length);
        maskFooter(a, a.length - 512);
        maskFooter(b, b.length - 512);
        if (options == null || !options.contains("fixed")) {
            maskFooter(a, 0);
            maskFooter(b, 0);
        }
        assertThat(java.util.Arrays.mismatch(a, b)).as("first difference outside the masked fields").isEqualTo(-1);
    }

    @Test
    void footerChecksumAndCopiesAreConsistent() throws Exception {
        assertThat(ToolRuns.java(dir, "qemu-img", List.of("create", "-q", "-f", "vpc", "a.vhd", "64M")).exit()).isZero();
        byte[] a = Files.readAllBytes(dir.resolve("a.vhd"));
        VhdFooter head = VhdFooter.parse(java.util.Arrays.copyOfRange(a, 0, 512));
        VhdFooter tail = VhdFooter.parse(java.util.Arrays.copyOfRange(a, a.length - 512, a.length));
        assertThat(head.checksumValid()).isTrue();
        assertThat(head.toBytes()).isEqualTo(tail.toBytes());
        assertThat(a[68 + 6] & 0xf0).as("UUID version 4").isEqualTo(0x40);
        long now = System.currentTimeMillis() / 1000 - VhdFooter.VHD_EPOCH;
        long stamp = java.nio.ByteBuffer.wrap(a, 24, 4).getInt() & 0xffffffffL;
        assertThat(stamp).isBetween(now - 600, now + 5);
        ToolRuns.Result check = ToolRuns.qemu(dir, "qemu-img", List.of("info", "a.vhd"));
        assertThat(check.stdout()).contains("file format: vpc").contains("(67125248 bytes)");
    }

    /** Zeroes the timestamp, checksum and UUID of the footer at {@code off}. */
    static void maskFooter(byte[] img, int off) {
        if (off < 0) {
            return;
        }
        java.util.Arrays.fill(img, off + 24, off + 28, (byte) 0);
        java.util.Arrays.fill(img, off + 64, off + 84, (byte) 0);
    }
}
