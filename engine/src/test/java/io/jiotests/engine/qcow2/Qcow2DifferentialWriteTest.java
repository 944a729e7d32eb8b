package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The same sequence of writes, zero writes and discards, applied through the engine and through
 * qemu-io (one request at a time), gives byte-identical images; qemu-img check finds no errors in
 * the engine's image.
 */
class Qcow2DifferentialWriteTest {
    static final java.util.concurrent.atomic.AtomicInteger IDENTICAL =
            new java.util.concurrent.atomic.AtomicInteger();
    static final java.util.concurrent.atomic.AtomicInteger QEMU_BUG_CASES =
            new java.util.concurrent.atomic.AtomicInteger();

    @net.jqwik.api.lifecycle.AfterContainer
    static void report() {
        System.out.println("qcow2 differential: " + IDENTICAL.get() + " sequences byte-identical, "
                + QEMU_BUG_CASES.get() + " where QEMU 7.2 damaged its own image");
    }

    static final long SIZE = 6L << 20;

    record Config(int clusterSize, boolean v3, int refcountBits, boolean extendedL2,
                  boolean backing, boolean lazy, boolean zstd) {
        String options() {
            StringBuilder o = new StringBuilder("cluster_size=" + clusterSize);
            o.append(",compat=").append(v3 ? "1.1" : "0.10");
            if (v3) {
                o.append(",refcount_bits=").append(refcountBits);
                o.append(",extended_l2=").append(extendedL2 ? "on" : "off");
                o.append(",lazy_refcounts=").append(lazy ? "on" : "off");
                o.append(",compression_type=").append(zstd ? "zstd" : "zlib");
            }
            return o.toString();
        }
    }

    /** kind 0 = write -P, 1 = write -z, 2 = write -z -u, 3 = discard, 4 = write -c -P (one cluster). */
    record Op(int kind, long offset, long length, int pattern) {
        String qemuIo() {
            return switch (kind) {
                case 0 -> "write -P " + pattern + " " + offset + " " + length;
                case 1 -> "write -z " + offset + " " + length;
                case 2 -> "write -z -u " + offset + " " + length;
                case 4 -> "write -c -P " + pattern + " " + offset + " " + length;
                default -> "discard " + offset + " " + length;
            };
        }
    }

    @Provide
    Arbitrary<Config> configs() {
        Arbitrary<Integer> cs = Arbitraries.of(512, 4096, 65536, 16384, 32768, 2 << 20);
        Arbitrary<Boolean> v3 = Arbitraries.of(true, true, false);
        Arbitrary<Integer> rb = Arbitraries.of(1, 2, 8, 16, 16, 32, 64);
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        return Combinators.combine(cs, v3, rb, bool, bool, bool, bool).as((c, v, r, e, b, l, z) ->
                new Config(c, v, v ? r : 16, v && e && c >= 16384, b, v && l, v && z));
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Integer> kind = Arbitraries.of(0, 0, 0, 1, 2, 3, 4);
        Arbitrary<Long> sector = Arbitraries.longs().between(0, SIZE / 512 - 1);
        Arbitrary<Long> sectors = Arbitraries.oneOf(Arbitraries.longs().between(1, 16),
                Arbitraries.longs().between(1, 600), Arbitraries.longs().between(100, 4200));
        Arbitrary<Integer> pattern = Arbitraries.integers().between(1, 255);
        Arbitrary<Op> op = Combinators.combine(kind, sector, sectors, pattern).as((k, s, n, p) -> {
            long off = s * 512;
            long len = Math.min(n * 512, SIZE - off);
            return new Op(k, off, len, p);
        });
        return op.list().ofMinSize(1).ofMaxSize(14);
    }

    @Property(tries = 150, seed = "20261126")
    void sameImageAsQemuIo(@ForAll("configs") Config config, @ForAll("sequences") List<Op> ops)
            throws Exception {
        Path dir = Files.createTempDirectory("qcow2-diff");
        try {
            runDifferential(dir, config, ops);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void runDifferential(Path dir, Config config, List<Op> rawOps) throws Exception {
        List<Op> ops = new ArrayList<>();
        for (Op op : rawOps) {
            if (op.kind() == 4) {
                long cs = config.clusterSize();
                long off = op.offset() / cs * cs;
                ops.add(new Op(4, off, Math.min(cs, SIZE - off), op.pattern()));
            } else {
                ops.add(op);
            }
        }
        List<String> create = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2",
                "-o", config.options()));
        if (config.backing()) {
            run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "base.qcow2", "5M");
            run(dir, "qemu-io", "-c", "write -P 0x5a 0 5M", "-c", "write -z 1M 512k", "base.qcow2");
            create.addAll(List.of("-b", "base.qcow2", "-F", "qcow2"));
        }
        List<String> c1 = new ArrayList<>(create);
        c1.addAll(List.of("ref.qcow2", String.valueOf(SIZE)));
        run(dir, c1.toArray(new String[0]));
        Files.copy(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"));
        List<String> io = qemuIo(ops, "ref.qcow2");
        QemuTool.Result qio = QemuTool.run(dir, io);
        int qemuFailures = qio.stdout().split("write failed", -1).length - 1;
        qemuFailures += qio.stdout().split("discard failed", -1).length - 1;
        assertThat(qio.exit()).as(qio.stdout() + qio.stderr()).isEqualTo(qemuFailures > 0 ? 1 : 0);
        int ourFailures = 0;

        BlockOpener opener = new BlockOpener(DriverRegistry.loadDefault(), dir, null);
        try (BlockNode node = opener.open("our.qcow2", "qcow2", null,
                OpenFlags.readWrite().withUnmap(true))) {
            for (Op op : ops) {
                try {
                    apply(node, op);
                } catch (io.jiotests.engine.block.BlockException e) {
                    ourFailures++;
                }
            }
        }
        QemuTool.Result ourCheck = QemuTool.run(dir, "qemu-img", "check", "our.qcow2");
        QemuTool.Result refCheck = QemuTool.run(dir, "qemu-img", "check", "ref.qcow2");
        if (qio.stderr().contains("Marking image as corrupt") || refCheck.exit() != 0) {
            // QEMU 7.2 packs compressed data into a cluster that was freed and reused since
            // (its image fails check or gets marked corrupt); the engine deliberately does not
            // follow it there, so only a clean engine image is required.
            // (requests that fail legitimately, such as write -c onto an allocated cluster,
            // may still fail here)
            QEMU_BUG_CASES.incrementAndGet();
            assertThat(ourCheck.exit()).as(ourCheck.stdout() + ourCheck.stderr()).isZero();
            return;
        }
        assertThat(ourFailures).as("failed requests").isEqualTo(qemuFailures);
        assertThat(ourCheck.exit()).as(ourCheck.stdout() + ourCheck.stderr()).isZero();
        long mismatch = Files.mismatch(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"));
        if (mismatch != -1 && qemuDamagedOnTheWay(dir, create, ops)) {
            // the same QEMU 7.2 bug, but a later request (a discard, a rewrite) removed its
            // traces from the final image: only the placements differ now
            QEMU_BUG_CASES.incrementAndGet();
            return;
        }
        if (mismatch != -1) {
            Path keep = Path.of(System.getProperty("java.io.tmpdir"), "qcow2-diff-mismatch");
            Files.createDirectories(keep);
            Files.copy(dir.resolve("ref.qcow2"), keep.resolve("ref.qcow2"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve("our.qcow2"), keep.resolve("our.qcow2"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(keep.resolve("ops.txt"), config + "\n" + String.join("\n",
                    io.subList(1, io.size())));
        }
        IDENTICAL.incrementAndGet();
        assertThat(mismatch).as("first differing byte %#x for %s %s", mismatch, config, ops)
                .isEqualTo(-1);
    }

    /**
     * Whether QEMU's image failed qemu-img check right after one of the compressed writes (the
     * reference is replayed up to each of them on a fresh image): QEMU 7.2 then packed compressed
     * data into a cluster that a data cluster reuses (l2_entry OFLAG_COPIED with refcount 2).
     */
    static boolean qemuDamagedOnTheWay(Path dir, List<String> create, List<Op> ops) throws Exception {
        for (int k = 0; k < ops.size(); k++) {
            if (ops.get(k).kind() != 4) {
                continue;
            }
            Files.deleteIfExists(dir.resolve("prefix.qcow2"));
            List<String> c = new ArrayList<>(create);
            c.addAll(List.of("prefix.qcow2", String.valueOf(SIZE)));
            run(dir, c.toArray(new String[0]));
            QemuTool.run(dir, qemuIo(ops.subList(0, k + 1), "prefix.qcow2"));
            if (QemuTool.run(dir, "qemu-img", "check", "prefix.qcow2").exit() != 0) {
                return true;
            }
        }
        return false;
    }

    /** The qemu-io command line that applies {@code ops} to {@code image}, one -c each. */
    static List<String> qemuIo(List<Op> ops, String image) {
        List<String> io = new ArrayList<>(List.of("qemu-io"));
        for (Op op : ops) {
            io.add("-c");
            io.add(op.qemuIo());
        }
        io.add(image);
        return io;
    }

    static void apply(BlockNode node, Op op) throws Exception {
        byte[] b = op.kind() == 0 || op.kind() == 4 ? new byte[(int) op.length()] : null;
        if (b != null) {
            Arrays.fill(b, (byte) op.pattern());
        }
        switch (op.kind()) {
            case 0 -> node.pwrite(op.offset(), ByteBuffer.wrap(b), 0);
            case 1 -> node.pwriteZeroes(op.offset(), op.length(), 0);
            case 2 -> node.pwriteZeroes(op.offset(), op.length(), BlockNode.WRITE_MAY_UNMAP);
            case 4 -> node.pwrite(op.offset(), ByteBuffer.wrap(b), BlockNode.WRITE_COMPRESSED);
            default -> node.pdiscard(op.offset(), op.length());
        }
    }

    static void run(Path dir, String... cmd) throws Exception {
        QemuTool.Result r = QemuTool.run(dir, cmd);
        assertThat(r.exit()).as(String.join(" ", cmd) + ": " + r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).as(String.join(" ", cmd)).doesNotContain("failed");
    }
}
