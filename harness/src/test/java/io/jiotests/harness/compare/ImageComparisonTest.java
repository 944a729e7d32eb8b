package io.jiotests.harness.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison levels, with the host's qemu-img as reference (and, here, as tested implementation). */
class ImageComparisonTest {
    @TempDir
    Path dir;

    private final ImageComparison comparison = new ImageComparison(HostQemu.qemuImg(), HostQemu.qemuImg());

    @Test
    void sameStepsPassEveryLevelDespiteDifferentDirectories() throws IOException {
        Path e = HostQemu.qcow2Image(dir, "ref", "write -P 1 0 64k");
        Path a = HostQemu.qcow2Image(dir, "act", "write -P 1 0 64k");
        var results = comparison.compare(e, a, "qcow2", CompareLevel.BYTES);
        assertThat(results).extracting(LevelResult::check).containsExactly("bytes", "metadata", "guest-visible",
                "check (reference on actual)", "check (tested on expected)");
        assertThat(results).allMatch(r -> r.outcome() == LevelResult.Outcome.PASS, results.toString());
        assertThat(ImageComparison.passes(results)).isTrue();
    }

    @Test
    void differentLayoutSameContentsFailsBytesButPassesGuestVisible() throws IOException {
        Path e = HostQemu.qcow2Image(dir, "ref", "write -P 1 0 64k", "write -P 2 1M 64k");
        Path a = HostQemu.qcow2Image(dir, "act", "write -P 2 1M 64k", "write -P 1 0 64k");
        var results = comparison.compare(e, a, "qcow2", CompareLevel.GUEST_VISIBLE);
        assertThat(results.get(0).outcome()).isEqualTo(LevelResult.Outcome.FAIL);
        assertThat(results.get(0).required()).isFalse();
        assertThat(results.get(0).detail()).contains("L2 table @0x");
        assertThat(results.get(1).outcome()).isEqualTo(LevelResult.Outcome.FAIL);
        assertThat(results.get(1).detail()).startsWith("map --output=json differs: line ");
        assertThat(results.get(2).outcome()).isEqualTo(LevelResult.Outcome.PASS);
        assertThat(ImageComparison.passes(results)).isTrue();
        assertThat(ImageComparison.passes(comparison.compare(e, a, "qcow2", CompareLevel.BYTES))).isFalse();
    }

    @Test
    void differentContentsFailGuestVisibleWithTheOffset() throws IOException {
        Path e = HostQemu.qcow2Image(dir, "ref", "write -P 1 0 64k");
        Path a = HostQemu.qcow2Image(dir, "act", "write -P 3 0 64k");
        LevelResult g = comparison.compare(e, a, "qcow2", CompareLevel.GUEST_VISIBLE).get(2);
        assertThat(g.outcome()).isEqualTo(LevelResult.Outcome.FAIL);
        assertThat(g.detail()).isEqualTo("qemu-img compare: Content mismatch at offset 0!");
    }

    @Test
    void corruptImageFailsTheReferenceCheck() throws IOException {
        Path e = HostQemu.qcow2Image(dir, "ref", "write -P 1 0 64k");
        Path a = HostQemu.qcow2Image(dir, "act", "write -P 1 0 64k");
        byte[] b = Files.readAllBytes(a);
        b[0x20000 + 1] = 5; // refcount of cluster 0 (the header) becomes 5
        Files.write(a, b);
        List<LevelResult> results = comparison.compare(e, a, "qcow2", CompareLevel.GUEST_VISIBLE);
        LevelResult check = results.get(3);
        assertThat(check.outcome()).isEqualTo(LevelResult.Outcome.FAIL);
        assertThat(check.required()).isTrue();
        assertThat(check.detail()).contains("refcount=5 reference=1");
        assertThat(results.get(0).detail()).contains("refcount block 0 @0x20000 +0x1");
        assertThat(ImageComparison.passes(results)).isFalse();
    }

    /**
     * The state test 091 leaves a vmdk in: written base, overlay committed into it, then a failed
     * rebase; QEMU cannot read it (its parent CID no longer matches).
     */
    private Path brokenVmdk(String sub) throws IOException {
        Path d = Files.createDirectories(dir.resolve(sub));
        String base = d.resolve("t.vmdk.base").toString();
        String img = d.resolve("t.vmdk").toString();
        HostQemu.ok("qemu-img", "create", "-q", "-f", "vmdk", base, "4M");
        HostQemu.ok("qemu-io", "-f", "vmdk", "-c", "write -q -P 0xb0 0 4M", base);
        HostQemu.ok("qemu-img", "create", "-q", "-f", "vmdk", "-b", base, "-F", "vmdk", img, "4M");
        HostQemu.ok("qemu-io", "-f", "vmdk", "-c", "write -q -P 0x91 1M 4k", img);
        HostQemu.ok("qemu-img", "commit", "-q", "-f", "vmdk", img);
        assertThat(HostQemu.run("qemu-img", "rebase", "-f", "vmdk", "-b", "", img).exitCode()).isEqualTo(1);
        return Path.of(img);
    }

    @Test
    void imagesTheReferenceCannotReadAgreeWhenTheyFailAlike() throws IOException {
        Path e = brokenVmdk("ref");
        Path a = brokenVmdk("act");
        LevelResult g = comparison.guestVisible(e, a, "vmdk", true);
        assertThat(g.outcome()).as(g.toString()).isEqualTo(LevelResult.Outcome.PASS);
        assertThat(g.detail()).isEqualTo("both images unreadable alike by the reference qemu-img: exit 4: "
                + "qemu-img: Error while reading offset 0 of IMAGE: Invalid argument");
        // a readable image against an unreadable one still fails
        Path ok = Files.createDirectories(dir.resolve("ok")).resolve("t.vmdk");
        HostQemu.ok("qemu-img", "create", "-q", "-f", "vmdk", ok.toString(), "4M");
        LevelResult mixed = comparison.guestVisible(e, ok, "vmdk", true);
        assertThat(mixed.outcome()).isEqualTo(LevelResult.Outcome.FAIL);
        assertThat(mixed.detail()).startsWith("qemu-img compare failed (exit 4): ");
        // the parent CIDs (random) are masked; the parent's name differs by the test directory and is named
        ByteComparison b = ByteComparison.compare(e, a, "vmdk");
        // a CID of different length in the two images is masked once in each: the names (each present,
        // no other), not the count
        assertThat(b.masked()).extracting(ByteRange::name).containsOnly("descriptor.CID", "descriptor.parentCID");
        assertThat(b.field()).startsWith("descriptor.parentFileNameHint +0x");
    }

    /**
     * qemu writes CIDs without leading zeroes: a parentCID one digit shorter in one image shifts
     * the rest of its descriptor by a byte. The difference is still named by the first line that
     * differs once the CIDs are masked, not by the first shifted byte.
     */
    @Test
    void descriptorShiftedByAShorterCidNamesTheLineThatReallyDiffers() throws IOException {
        Path e = brokenVmdk("ref");
        Path a = brokenVmdk("act");
        setDescriptorValue(e, "parentCID", "89abcdef");
        setDescriptorValue(a, "parentCID", "1234567");
        ByteComparison b = ByteComparison.compare(e, a, "vmdk");
        assertThat(b.identical()).isFalse();
        assertThat(b.field()).startsWith("descriptor.parentFileNameHint +0x");
        assertThat(b.masked()).extracting(ByteRange::name).filteredOn("descriptor.parentCID"::equals).hasSize(2);
        // the same images in the same directory differ only in the CIDs: the descriptors count as equal
        Path e2 = brokenVmdk("same");
        Path copy = Files.createDirectories(dir.resolve("same2")).resolve("t.vmdk");
        Files.copy(e2, copy);
        setDescriptorValue(e2, "parentCID", "89abcdef");
        setDescriptorValue(copy, "parentCID", "1234567");
        assertThat(ByteComparison.compare(e2, copy, "vmdk").identical()).as("modulo CIDs").isTrue();
    }

    /** Rewrites one "key=value" line of a vmdk's embedded descriptor, keeping the area's size. */
    private static void setDescriptorValue(Path vmdk, String key, String value) throws IOException {
        byte[] b = Files.readAllBytes(vmdk);
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int desc = text.indexOf("# Disk DescriptorFile");
        int nul = text.indexOf('\0', desc);
        int line = text.indexOf("\n" + key + "=", desc) + 1;
        assertThat(desc).isPositive();
        assertThat(line).isBetween(desc + 1, nul);
        int eol = text.indexOf('\n', line);
        String rewritten = text.substring(desc, line) + key + "=" + value + text.substring(eol, nul);
        byte[] r = rewritten.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.Arrays.fill(b, desc, nul + 1, (byte) 0);
        System.arraycopy(r, 0, b, desc, r.length);
        Files.write(vmdk, b);
    }
}
