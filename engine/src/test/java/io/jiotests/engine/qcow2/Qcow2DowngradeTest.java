package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * amend -o compat=0.10 against the reference: images with zero clusters (with and without a host
 * cluster) in the active and snapshot L2 tables, shared L2 tables, backing files and
 * preallocation, built by qemu-io from fixed seeds, are downgraded by qemu-img and by the engine
 * and must come out byte for byte the same; the refusals carry qemu-img's messages.
 */
class Qcow2DowngradeTest {
    private static final long SIZE = 8L << 20;
    private static final String[] CLUSTER_SIZES = {"512", "4096", "65536", "2097152"};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomImagesDowngradeToTheSameBytes(long seed) throws Exception {
        Random rnd = new Random(seed);
        String clusterSize = CLUSTER_SIZES[rnd.nextInt(CLUSTER_SIZES.length)];
        boolean backing = rnd.nextBoolean();
        boolean prealloc = rnd.nextInt(4) == 0;
        List<String> create = QemuTool.list("qemu-img", "create", "-q", "-f", "qcow2", "-o",
                "cluster_size=" + clusterSize
                        + (prealloc && !backing ? ",preallocation=metadata" : "")
                        + (rnd.nextInt(4) == 0 ? ",lazy_refcounts=on" : ""));
        if (backing) {
            run("qemu-img", "create", "-q", "-f", "qcow2", "base.qcow2", Long.toString(SIZE));
            run("qemu-io", "-c", "write -P 0x77 0 " + SIZE, "base.qcow2");
            create.addAll(List.of("-b", "base.qcow2", "-F", "qcow2"));
        }
        create.addAll(List.of("ref.qcow2", Long.toString(SIZE)));
        run(create.toArray(new String[0]));
        int snapshots = 0;
        int steps = 3 + rnd.nextInt(4);
        for (int step = 0; step < steps; step++) {
            List<String> io = QemuTool.list("qemu-io");
            for (int n = 1 + rnd.nextInt(6); n > 0; n--) {
                io.add("-c");
                io.add(randomRequest(rnd));
            }
            io.add("ref.qcow2");
            run(io.toArray(new String[0]));
            if (snapshots < 3 && rnd.nextInt(3) == 0) {
                run("qemu-img", "snapshot", "-c", "s" + ++snapshots, "ref.qcow2");
            }
        }
        Files.copy(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("ref.qcow2"), dir.resolve("before.qcow2"), StandardCopyOption.REPLACE_EXISTING);

        run("qemu-img", "amend", "-f", "qcow2", "-o", "compat=0.10", "ref.qcow2");
        try (BlockNode node = open("our.qcow2")) {
            node.amend(OptionValues.parse("compat=0.10", new OptionValues()), false, null);
        }
        assertThat(Files.mismatch(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2")))
                .as("seed %d, cluster size %s, backing %s", seed, clusterSize, backing)
                .isEqualTo(-1);
        assertThat(Files.readAllBytes(dir.resolve("our.qcow2"))[7]).isEqualTo((byte) 2);
        // the guest sees the same disk before and after (QEMU's downgrade can leave OFLAG_COPIED
        // on a zeroed cluster that snapshots share, which check then reports: bytes match anyway)
        QemuTool.Result same = QemuTool.run(dir, "qemu-img", "compare", "before.qcow2", "our.qcow2");
        assertThat(same.exit()).as(same.stdout() + same.stderr()).isZero();
    }

    private static String randomRequest(Random rnd) {
        long unit = 512L << rnd.nextInt(12);
        long offset = Math.floorMod(rnd.nextLong(), SIZE / 512) * 512;
        long length = Math.min(SIZE - offset, unit * (1 + rnd.nextInt(8)));
        return switch (rnd.nextInt(5)) {
            case 0, 1 -> "write -P " + (1 + rnd.nextInt(200)) + " " + offset + " " + length;
            case 2 -> "write -z " + offset + " " + length;
            case 3 -> "write -z -u " + offset + " " + length;
            default -> "discard " + offset + " " + length;
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "extended_l2=on;Cannot downgrade an image with incompatible features 0x10 set",
        "refcount_bits=8;compat=0.10 requires refcount_bits=16",
        "extended_l2=on,refcount_bits=8;compat=0.10 requires refcount_bits=16",
        "extended_l2=on,compression_type=zstd;Cannot downgrade an image with incompatible features 0x10 set",
        "compression_type=zstd;Cannot downgrade an image with zstd compression type and existing compressed clusters",
    })
    void refusalsUseQemuImgMessages(String createOpts, String message) throws Exception {
        run("qemu-img", "create", "-q", "-f", "qcow2", "-o", createOpts, "ref.qcow2", "1M");
        run("qemu-io", "-c", "write -c -P 3 0 64k", "ref.qcow2");
        Files.copy(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"));
        QemuTool.Result ref = QemuTool.run(dir, "qemu-img", "amend", "-o", "compat=0.10", "ref.qcow2");
        assertThat(ref.exit()).isEqualTo(1);
        assertThat(ref.stderr()).isEqualTo("qemu-img: " + message + "\n");
        try (BlockNode node = open("our.qcow2")) {
            assertThatThrownBy(() -> node.amend(OptionValues.parse("compat=0.10", new OptionValues()),
                    false, null)).isInstanceOf(BlockException.class).hasMessage(message);
        }
        assertThat(Files.mismatch(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"))).isEqualTo(-1);
    }

    /** amend -p prints the progress QEMU's upgrade / downgrade status callbacks report. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "cluster_size=512;8M;compat=0.10", "cluster_size=4096;1G;compat=0.10", "compat=1.1;8M;compat=0.10",
        "compat=0.10;1G;compat=1.1", "compat=0.10,cluster_size=512;8M;compat=1.1,lazy_refcounts=on",
    })
    void amendProgressIsQemuImgs(String createOpts, String size, String amendOpts) throws Exception {
        run("qemu-img", "create", "-q", "-f", "qcow2", "-o", createOpts, "ref.qcow2", size);
        run("qemu-io", "-c", "write -P 5 0 3M", "-c", "write -z 1M 64k", "ref.qcow2");
        run("qemu-img", "snapshot", "-c", "s1", "ref.qcow2");
        run("qemu-io", "-c", "write -z 2M 1M", "ref.qcow2");
        Files.copy(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"));
        QemuTool.Result ref = QemuTool.run(dir, "qemu-img", "amend", "-p", "-o", amendOpts, "ref.qcow2");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc;
        try (java.io.PrintStream o = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
             java.io.PrintStream e = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8)) {
            rc = new io.jiotests.engine.tools.img.ImgTool().run(
                    new io.jiotests.engine.tools.ToolContext(o, e, dir, System.getenv()),
                    new String[] {"amend", "-p", "-o", amendOpts, "our.qcow2"});
        }
        assertThat(rc).isEqualTo(ref.exit()).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(ref.stdout());
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(ref.stderr());
        assertThat(Files.mismatch(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"))).isEqualTo(-1);
    }

    private BlockNode open(String name) throws BlockException {
        return new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open(name, "qcow2", null, OpenFlags.readWrite());
    }

    private void run(String... cmd) throws Exception {
        QemuTool.Result r = QemuTool.run(dir, new ArrayList<>(List.of(cmd)));
        assertThat(r.exit()).as(String.join(" ", cmd) + ": " + r.stderr()).isZero();
    }
}
