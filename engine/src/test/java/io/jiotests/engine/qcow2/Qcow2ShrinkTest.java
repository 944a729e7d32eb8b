package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shrinking a qcow2 image: the same bytes as qemu-img resize --shrink (clusters past the end
 * discarded, L2 tables freed, unused refcount blocks dropped, the file tail cut), a clean
 * qemu-img check and the data below the new end preserved.
 */
class Qcow2ShrinkTest {
    private static final long VIRTUAL = 8L << 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "cluster_size=65536, 100k", "cluster_size=4096, 3M", "cluster_size=512, 1536k",
        "'cluster_size=512,refcount_bits=64', 200k", "'cluster_size=1024,refcount_bits=1', 5M",
        "compat=0.10, 2M", "extended_l2=on, 1M",
    })
    void shrinksLikeQemuImg(String opts, String to) throws Exception {
        List<String> writes = List.of("write -P 1 0 100k", "write -P 2 1M 2M", "write -c -P 3 4M 64k",
                "write -z 5M 64k", "write -P 4 7M 512k");
        shrinkAndCompare(dir, opts, writes, io.jiotests.engine.block.SizeParser.parse(to));
    }

    /** Random writes, zero writes, discards and compressed writes, then a random new size. */
    @Property(tries = 10, seed = "4711")
    void randomShrinkMatchesQemuImg(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed)
            throws Exception {
        Random rnd = new Random(seed);
        int[] clusterSizes = {512, 1024, 4096, 65536};
        int cs = clusterSizes[rnd.nextInt(clusterSizes.length)];
        int refcountBits = 1 << rnd.nextInt(7);
        List<String> cmds = new ArrayList<>();
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            long off = rnd.nextLong(VIRTUAL / 512) * 512;
            long len = Math.min(new long[] {512, 4096, 65536, 1 << 20}[rnd.nextInt(4)], VIRTUAL - off);
            switch (rnd.nextInt(4)) {
                case 0 -> cmds.add("write -P " + (1 + rnd.nextInt(255)) + " " + off + " " + len);
                case 1 -> cmds.add("write -z " + off + " " + len);
                case 2 -> cmds.add("discard " + off + " " + len);
                default -> {
                    long c = off - off % cs;
                    cmds.add("write -c -P 9 " + c + " " + cs);
                }
            }
        }
        long newSize = (1 + rnd.nextLong(VIRTUAL / 512 - 1)) * 512;
        Path tmp = Files.createTempDirectory("qcow2-shrink"); // jqwik does not inject @TempDir
        try {
            shrinkAndCompare(tmp, "cluster_size=" + cs + ",refcount_bits=" + refcountBits, cmds, newSize);
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void refusesPreallocationAndNegativeSizes() throws Exception {
        assertThat(QemuTool.run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "a.qcow2", "1M").exit())
                .isZero();
        try (BlockNode node = open("a.qcow2")) {
            assertThatThrownBy(() -> node.truncate(512 * 1024, false, Preallocation.FULL))
                    .isInstanceOf(BlockException.class)
                    .hasMessage("Preallocation can't be used for shrinking an image");
            assertThatThrownBy(() -> node.truncate(-512, false, Preallocation.OFF))
                    .isInstanceOf(BlockException.class).hasMessage("Image size cannot be negative");
            assertThat(node.length()).isEqualTo(1 << 20);
        }
    }

    @Test
    void v2ImageWithSnapshotIsNotResized() throws Exception {
        assertThat(QemuTool.run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o", "compat=0.10",
                "a.qcow2", "1M").exit()).isZero();
        assertThat(QemuTool.run(dir, "qemu-img", "snapshot", "-c", "s", "a.qcow2").exit()).isZero();
        QemuTool.Result ref = QemuTool.run(dir, "qemu-img", "resize", "--shrink", "a.qcow2", "512k");
        assertThat(ref.stderr()).contains("Can't resize a v2 image which has snapshots");
        try (BlockNode node = open("a.qcow2")) {
            assertThatThrownBy(() -> node.truncate(512 * 1024, false, Preallocation.OFF))
                    .hasMessage("Can't resize a v2 image which has snapshots");
        }
    }

    private static void shrinkAndCompare(Path dir, String opts, List<String> cmds, long newSize)
            throws Exception {
        QemuTool.Result c = QemuTool.run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o", opts,
                "ref.qcow2", Long.toString(VIRTUAL));
        assertThat(c.exit()).as(c.stderr()).isZero();
        List<String> io = new ArrayList<>(List.of("qemu-io"));
        for (String cmd : cmds) {
            io.add("-c");
            io.add(cmd);
        }
        io.add("ref.qcow2");
        QemuTool.Result w = QemuTool.run(dir, io);
        assertThat(w.exit()).as(w.stderr()).isZero();
        Files.copy(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("ref.qcow2"), dir.resolve("orig.qcow2"), StandardCopyOption.REPLACE_EXISTING);
        QemuTool.Result r = QemuTool.run(dir, "qemu-img", "resize", "-q", "--shrink", "ref.qcow2",
                Long.toString(newSize));
        assertThat(r.exit()).as(r.stderr()).isZero();
        try (BlockNode node = open(dir, "our.qcow2")) {
            node.truncate(newSize, true, Preallocation.OFF);
            node.flush();
        }
        String what = opts + " " + cmds + " -> " + newSize;
        assertThat(Files.mismatch(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"))).as(what)
                .isEqualTo(-1);
        QemuTool.Result check = QemuTool.run(dir, "qemu-img", "check", "our.qcow2");
        assertThat(check.exit()).as(what + check.stdout()).isZero();
        try (BlockNode before = open(dir, "orig.qcow2"); BlockNode after = open(dir, "our.qcow2")) {
            assertThat(after.length()).isEqualTo(newSize);
            java.nio.ByteBuffer a = java.nio.ByteBuffer.allocate((int) newSize);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) newSize);
            before.pread(0, a);
            after.pread(0, b);
            assertThat(java.util.Arrays.mismatch(a.array(), b.array())).as(what).isEqualTo(-1);
        }
    }

    private BlockNode open(String name) throws Exception {
        return open(dir, name);
    }

    private static BlockNode open(Path dir, String name) throws Exception {
        return new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open(name, "qcow2", null, OpenFlags.readWrite());
    }
}
