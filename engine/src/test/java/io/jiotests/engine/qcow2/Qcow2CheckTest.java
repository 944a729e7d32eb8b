package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** check / check -r on damaged images: the same problem lines and repairs as qemu-img check. */
class Qcow2CheckTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CheckMode.class)
    void sameFindingsAndRepairsAsQemuImg(CheckMode mode) throws Exception {
        run("qemu-img", "create", "-q", "-f", "qcow2", "img.qcow2", "4M");
        run("qemu-io", "-c", "write -P 1 0 256k", "-c", "write -c -P 2 1M 64k", "img.qcow2");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("img.qcow2").toFile(), "rw")) {
            f.seek(0x20000 + 2 * 5);
            f.writeShort(2); // leak on a data cluster
            f.seek(0x20000 + 2 * 3);
            f.writeShort(3); // leak on the L1 table
            f.seek(0x40000 + 8);
            long e = f.readLong();
            f.seek(0x40000 + 8);
            f.writeLong(e & ~(1L << 63)); // OFLAG_COPIED missing
            f.seek(0x40000 + 24);
            e = f.readLong();
            f.seek(0x40000 + 24);
            f.writeLong(e & ~(1L << 63));
        }
        Files.copy(dir.resolve("img.qcow2"), dir.resolve("ours.qcow2"));
        String flag = switch (mode) {
            case NONE -> null;
            case LEAKS -> "leaks";
            case ALL -> "all";
        };
        QemuTool.Result ref = flag == null
                ? QemuTool.run(dir, "qemu-img", "check", "img.qcow2")
                : QemuTool.run(dir, "qemu-img", "check", "-r", flag, "img.qcow2");
        List<String> refLines = ref.stderr().lines().toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CheckResult r;
        OpenFlags flags = OpenFlags.readOnly().withCheckOnly(true).withWritable(mode != CheckMode.NONE);
        try (BlockNode node = new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open("ours.qcow2", "qcow2", null, flags);
             PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            r = node.check(mode, ps);
        }
        List<String> ours = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(ours).isEqualTo(refLines);
        if (mode == CheckMode.NONE) {
            assertThat(r.leaks()).as(r.toString()).isEqualTo(2);
            assertThat(r.corruptions()).as(r.toString()).isEqualTo(3);
            assertThat(ref.stdout()).contains("2 leaked clusters", "3 errors were found");
        } else {
            byte[] a = Files.readAllBytes(dir.resolve("img.qcow2"));
            byte[] b = Files.readAllBytes(dir.resolve("ours.qcow2"));
            assertThat(Arrays.mismatch(a, b)).isEqualTo(-1);
        }
        assertThat(r.imageEndOffset()).isEqualTo(
                Long.parseLong(ref.stdout().replaceAll("(?s).*Image end offset: (\\d+).*", "$1")));
    }

    /**
     * The fragmentation count is qemu's: per L2 table, a data cluster not directly after the previous
     * one of the same table, plus every compressed cluster. Writes in descending order over several
     * L2 tables (512-byte clusters: one table maps 32 KiB) make most clusters out of order.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ascending", "descending", "compressed"})
    void fragmentedClustersCountedLikeQemuImg(String pattern) throws Exception {
        run("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=512", "img.qcow2", "1M");
        List<String> cmd = new java.util.ArrayList<>(List.of("qemu-io"));
        for (int i = 0; i < 96; i++) {
            int cluster = pattern.equals("descending") ? 95 - i : i;
            cmd.add("-c");
            cmd.add((pattern.equals("compressed") && i % 3 == 0 ? "write -c -P 7 " : "write -P 7 ")
                    + (cluster * 1024L) + " 512");
        }
        cmd.add("img.qcow2");
        run(cmd.toArray(new String[0]));
        QemuTool.Result ref = QemuTool.run(dir, "qemu-img", "check", "--output=json", "img.qcow2");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"fragmented-clusters\": (\\d+)")
                .matcher(ref.stdout());
        long expected = m.find() ? Long.parseLong(m.group(1)) : 0; // qemu omits a zero count
        CheckResult r;
        try (BlockNode node = new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open("img.qcow2", "qcow2", null, OpenFlags.readOnly().withCheckOnly(true));
             PrintStream ps = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            r = node.check(CheckMode.NONE, ps);
        }
        assertThat(r.allocatedClusters()).isEqualTo(96);
        assertThat(r.fragmentedClusters()).as(ref.stdout()).isEqualTo(expected);
        if (!pattern.equals("ascending")) {
            assertThat(expected).isGreaterThan(10);
        }
    }

    /**
     * Refcount structures that must be rebuilt (a zeroed refcount of a used cluster, a refcount
     * table entry with reserved bits): check -r all prints qemu's lines and leaves the same bytes
     * as qemu-img check -r all; -r leaks refuses with EIO.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "cluster_size=65536, zero-refcount", "cluster_size=512, zero-refcount",
        "'cluster_size=4096,refcount_bits=1', zero-refcount", "cluster_size=65536, reserved-bits",
        "'cluster_size=1024,refcount_bits=64', reserved-bits",
    })
    void rebuildsRefcountStructuresLikeQemuImg(String opts, String damage) throws Exception {
        run("qemu-img", "create", "-q", "-f", "qcow2", "-o", opts, "img.qcow2", "8M");
        run("qemu-io", "-c", "write -P 1 0 300k", "-c", "write -P 2 3M 1M", "-c", "write -c -P 3 6M 64k",
                "img.qcow2");
        long reftable;
        int clusterBits;
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("img.qcow2").toFile(), "rw")) {
            f.seek(20);
            clusterBits = f.readInt();
            f.seek(48);
            reftable = f.readLong();
            f.seek(reftable);
            long block = f.readLong();
            if (damage.equals("zero-refcount")) {
                // the refcount block's first bytes: the header cluster's count becomes 0
                f.seek(block);
                byte[] zero = new byte[8];
                f.write(zero);
            } else {
                f.seek(reftable);
                f.writeLong(block | 0x100);
            }
        }
        Files.copy(dir.resolve("img.qcow2"), dir.resolve("ours.qcow2"));
        Files.copy(dir.resolve("img.qcow2"), dir.resolve("leaks.qcow2"));
        QemuTool.Result ref = QemuTool.run(dir, "qemu-img", "check", "-r", "all", "img.qcow2");
        assertThat(ref.stderr()).contains("Rebuilding refcount structure");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenFlags flags = OpenFlags.readOnly().withCheckOnly(true).withWritable(true);
        String failure = null;
        try (BlockNode node = new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open("ours.qcow2", "qcow2", null, flags);
             PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            node.check(CheckMode.ALL, ps);
        } catch (io.jiotests.engine.block.BlockException e) {
            failure = "qemu-img: " + e.getMessage();
        }
        // qemu's own overlap check makes some rebuilds fail (a new refcount block would take the
        // place of the old one the reserved bits hid); the engine fails the same way
        List<String> refReport = ref.stderr().lines().filter(l -> !l.startsWith("qemu-img: ")).toList();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(refReport);
        if (ref.exit() == 0) {
            assertThat(failure).isNull();
        } else {
            assertThat(ref.stderr().lines().filter(l -> l.startsWith("qemu-img: ")).findFirst())
                    .contains(failure);
        }
        assertThat(Files.mismatch(dir.resolve("img.qcow2"), dir.resolve("ours.qcow2")))
                .as("bytes after the rebuild (cluster %d)", clusterBits).isEqualTo(-1);
        if (ref.exit() == 0) {
            assertThat(QemuTool.run(dir, "qemu-img", "check", "ours.qcow2").exit()).isZero();
        }
        try (BlockNode node = new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open("leaks.qcow2", "qcow2", null, flags);
             PrintStream ps = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.check(CheckMode.LEAKS, ps))
                    .isInstanceOf(io.jiotests.engine.block.BlockException.class);
        }
    }

    private void run(String... cmd) throws Exception {
        QemuTool.Result r = QemuTool.run(dir, cmd);
        assertThat(r.exit()).as(String.join(" ", cmd) + r.stderr()).isZero();
    }
}
