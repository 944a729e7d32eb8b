package io.jiotests.harness.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Byte comparison on images the host's reference qemu-img writes. */
class ByteComparisonTest {
    @TempDir
    Path dir;

    private Path qcow2WithData(String name) {
        Path p = dir.resolve(name);
        HostQemu.ok("qemu-img", "create", "-q", "-f", "qcow2", p.toString(), "4M");
        HostQemu.ok("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 64k 64k", "-c", "write -P 0x11 1M 4k", p.toString());
        return p;
    }

    private static Path copy(Path p, String name) throws IOException {
        return Files.copy(p, p.resolveSibling(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void flip(Path p, long off) throws IOException {
        byte[] b = Files.readAllBytes(p);
        b[(int) off] ^= 0x01;
        Files.write(p, b);
    }

    @Test
    void identicalCopiesCompareEqual() throws IOException {
        Path a = qcow2WithData("a.qcow2");
        var c = ByteComparison.compare(a, copy(a, "b.qcow2"), "qcow2");
        assertThat(c.identical()).isTrue();
        assertThat(c.firstDiff()).isEqualTo(-1);
        assertThat(c.describe()).startsWith("bytes identical (");
    }

    @Test
    void oneByteInAHeaderFieldIsNamedWithItsOffset() throws IOException {
        Path a = qcow2WithData("a.qcow2");
        Path b = copy(a, "b.qcow2");
        flip(b, 47); // last byte of l1_table_offset (40..47)
        var c = ByteComparison.compare(a, b, "qcow2");
        assertThat(c.identical()).isFalse();
        assertThat(c.firstDiff()).isEqualTo(47);
        assertThat(c.field()).startsWith("header.l1_table_offset +0x7");
        assertThat(c.describe()).contains("offset 47 (0x2f)", "header.l1_table_offset");
    }

    @Test
    void oneByteInEachMetadataRegionIsNamed() throws IOException {
        Path a = qcow2WithData("a.qcow2");
        long l1 = java.nio.ByteBuffer.wrap(Files.readAllBytes(a)).getLong(40);
        assertThat(l1).isPositive();
        assertThat(differenceAt(a, l1)).isEqualTo("L1 table[0]");
        assertThat(differenceAt(a, 0x10000)).isEqualTo("refcount table[0]");
        assertThat(differenceAt(a, 0x20000 + 3)).isEqualTo("refcount block 0 @0x20000 +0x3");
        // qemu-img lays out: header, refcount table, refcount block, L1 table, then L2 table and data
        long l2 = l1 + 0x10000;
        assertThat(differenceAt(a, l2 + 8)).isEqualTo("L2 table @0x" + Long.toHexString(l2) + "[1] (guest 0x10000)");
        long data = l2 + 0x10000;
        assertThat(differenceAt(a, data + 0x123)).isEqualTo("data cluster (guest 0x10000) +0x123");
    }

    private String differenceAt(Path a, long off) throws IOException {
        Path b = copy(a, "b.qcow2");
        flip(b, off);
        var c = ByteComparison.compare(a, b, "qcow2");
        assertThat(c.identical()).isFalse();
        assertThat(c.firstDiff()).isEqualTo(off);
        return c.field();
    }

    @Test
    void rawBytesAreData() throws IOException {
        Path a = dir.resolve("a.raw");
        HostQemu.ok("qemu-img", "create", "-q", "-f", "raw", a.toString(), "1M");
        Path b = copy(a, "b.raw");
        flip(b, 12345);
        var c = ByteComparison.compare(a, b, "raw");
        assertThat(c.firstDiff()).isEqualTo(12345);
        assertThat(c.field()).isEqualTo("data");
    }

    @Test
    void sizeDifferenceIsReported() throws IOException {
        Path a = dir.resolve("a.raw");
        Path b = dir.resolve("b.raw");
        HostQemu.ok("qemu-img", "create", "-q", "-f", "raw", a.toString(), "1M");
        HostQemu.ok("qemu-img", "create", "-q", "-f", "raw", b.toString(), "2M");
        var c = ByteComparison.compare(a, b, "raw");
        assertThat(c.identical()).isFalse();
        assertThat(c.firstDiff()).isEqualTo(1 << 20);
        assertThat(c.field()).startsWith("file size (expected 1048576, actual 2097152 bytes)");
    }

    @Test
    void snapshotDatesAndClocksAreMaskedAndListed() throws Exception {
        Path a = qcow2WithData("a.qcow2");
        Path b = copy(a, "b.qcow2");
        HostQemu.ok("qemu-img", "snapshot", "-c", "s1", a.toString());
        Thread.sleep(1100);
        HostQemu.ok("qemu-img", "snapshot", "-c", "s1", b.toString());
        var c = ByteComparison.compare(a, b, "qcow2");
        assertThat(c.identical()).as(c.describe()).isTrue();
        assertThat(c.masked()).extracting(ByteRange::name)
                .containsExactly("snapshot[0].date_sec", "snapshot[0].date_nsec", "snapshot[0].vm_clock_nsec");
        assertThat(c.describe()).contains("masked: [snapshot[0].date_sec [0x");
        HostQemu.ok("qemu-img", "snapshot", "-c", "s2", b.toString());
        var d = ByteComparison.compare(a, b, "qcow2");
        assertThat(d.identical()).isFalse();
    }

    @Test
    void randomIdsOfVpcVhdxAndVmdkAreMasked() throws Exception {
        for (String fmt : List.of("vpc", "vhdx", "vmdk")) {
            // the same file name in two directories, as the harness compares them (vmdk names its extent file)
            Path a = Files.createDirectories(dir.resolve("ref-" + fmt)).resolve("t." + fmt);
            Path b = Files.createDirectories(dir.resolve("act-" + fmt)).resolve("t." + fmt);
            HostQemu.ok("qemu-img", "create", "-q", "-f", fmt, a.toString(), "8M");
            Thread.sleep(1100); // vpc stores a timestamp in seconds
            HostQemu.ok("qemu-img", "create", "-q", "-f", fmt, b.toString(), "8M");
            assertThat(Files.mismatch(a, b)).as(fmt + " files differ before masking").isNotNegative();
            var c = ByteComparison.compare(a, b, fmt);
            assertThat(c.identical()).as(fmt + ": " + c.describe()).isTrue();
            assertThat(c.masked()).as(fmt).isNotEmpty();
            Path d = Files.copy(a, Files.createDirectories(dir.resolve("flip-" + fmt)).resolve("t." + fmt));
            flip(d, Files.size(d) - 1 - 600); // a byte outside every mask
            assertThat(ByteComparison.compare(a, d, fmt).identical()).as(fmt).isFalse();
        }
    }
}
