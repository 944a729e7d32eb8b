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
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many virtual threads write overlapping and disjoint ranges of one qcow2 node at once (allocating
 * writes, partial-cluster copy on write, writes into allocated clusters, clusters shared with a
 * snapshot, new L2 tables), read meanwhile and flush. The ops are fixed by a seed; within a round
 * every write stores the bytes a function of (round, guest offset) gives, so the guest content
 * after each round does not depend on the order the requests ran in, only on the engine keeping
 * every write. Concurrent reads must see each byte either before or after the round's writes. At
 * the end the image must read back as the model and pass qemu-img check and compare.
 */
class Qcow2ConcurrentWriteTest {
    static final int THREADS = 16;
    static final int OPS_PER_THREAD = 24;
    static final int ROUNDS = 5;

    record Op(boolean read, boolean flush, long offset, int length) {
    }

    static byte pattern(int round, long guest) {
        long x = (guest >>> 9) * 0x9E3779B97F4A7C15L + round * 0xC2B2AE3D27D4EB4FL;
        x ^= x >>> 29;
        return (byte) (x + (guest & 511) * 31);
    }

    @ParameterizedTest(name = "cluster {0} size {1} extl2 {2} backing {3} snapshot {4} lazy {5} seed {6}")
    @CsvSource({
        "4096, 12582912, false, false, false, false, 1",
        "65536, 8388608, false, true, false, false, 2",
        "65536, 8388608, true, false, true, false, 3",
        "512, 2097152, false, false, true, true, 4",
        "16384, 12582912, false, true, true, false, 5",
        "65536, 4194304, true, true, false, true, 6",
    })
    void concurrentRequestsKeepEveryWrite(int clusterSize, long size, boolean extendedL2,
                                          boolean backing, boolean snapshot, boolean lazy, long seed,
                                          @TempDir Path dir) throws Exception {
        byte[] model = new byte[(int) size];
        List<String> create = QemuTool.list("qemu-img", "create", "-q", "-f", "qcow2", "-o",
                "cluster_size=" + clusterSize + ",extended_l2=" + (extendedL2 ? "on" : "off")
                        + ",lazy_refcounts=" + (lazy ? "on" : "off"));
        if (backing) {
            Random r = new Random(seed * 7919);
            for (int i = 0; i < model.length; i += 4096) {
                if (r.nextInt(3) != 0) { // two thirds of the backing holds data
                    for (int j = 0; j < 4096; j++) {
                        model[i + j] = (byte) (r.nextInt(255) + 1);
                    }
                }
            }
            Files.write(dir.resolve("base.raw"), model);
            create.addAll(List.of("-b", "base.raw", "-F", "raw"));
        }
        create.addAll(List.of("img.qcow2", Long.toString(size)));
        assertThat(QemuTool.run(dir, create).exit()).isZero();
        if (snapshot) {
            // half the image allocated, then shared with a snapshot: writes there copy clusters
            QemuTool.Result w = QemuTool.run(dir, "qemu-io", "-c", "write -P 0x5a 0 " + size / 2,
                    "img.qcow2");
            assertThat(w.exit()).as(w.stderr()).isZero();
            java.util.Arrays.fill(model, 0, (int) (size / 2), (byte) 0x5a);
            assertThat(QemuTool.run(dir, "qemu-img", "snapshot", "-c", "s1", "img.qcow2").exit())
                    .isZero();
        }

        Random rnd = new Random(seed);
        BlockOpener opener = new BlockOpener(DriverRegistry.loadDefault(), dir, null);
        try (BlockNode node = opener.open("img.qcow2", "qcow2", null, OpenFlags.readWrite());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 1; round <= ROUNDS; round++) {
                List<List<Op>> perThread = new ArrayList<>();
                boolean[] written = new boolean[model.length];
                for (int t = 0; t < THREADS; t++) {
                    List<Op> ops = new ArrayList<>();
                    for (int i = 0; i < OPS_PER_THREAD; i++) {
                        Op op = randomOp(rnd, size, clusterSize);
                        ops.add(op);
                        if (!op.read() && !op.flush()) {
                            java.util.Arrays.fill(written, (int) op.offset(),
                                    (int) op.offset() + op.length(), true);
                        }
                    }
                    perThread.add(ops);
                }
                byte[] before = model.clone();
                int r = round;
                ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
                List<Future<?>> futures = new ArrayList<>();
                for (List<Op> ops : perThread) {
                    futures.add(pool.submit(() -> {
                        for (Op op : ops) {
                            run(node, op, r, before, torn);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                assertThat(torn).as("reads during round " + round).isEmpty();
                for (int g = 0; g < model.length; g++) {
                    if (written[g]) {
                        model[g] = pattern(round, g);
                    }
                }
                byte[] now = new byte[model.length];
                node.pread(0, ByteBuffer.wrap(now));
                assertThat(firstDifference(now, model)).as("guest content after round " + round)
                        .isEqualTo(-1);
            }
        }
        Files.write(dir.resolve("model.raw"), model);
        QemuTool.Result check = QemuTool.run(dir, "qemu-img", "check", "img.qcow2");
        assertThat(check.exit()).as(check.stdout() + check.stderr()).isZero();
        QemuTool.Result cmp = QemuTool.run(dir, "qemu-img", "compare", "-f", "raw", "-F", "qcow2",
                "model.raw", "img.qcow2");
        assertThat(cmp.exit()).as(cmp.stdout() + cmp.stderr()).isZero();
    }

    private static Op randomOp(Random rnd, long size, int clusterSize) {
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            return new Op(false, true, 0, 0);
        }
        int maxLen = Math.max(4096, clusterSize * 3);
        int len = 512 * (1 + rnd.nextInt(maxLen / 512));
        long offset = 512L * rnd.nextInt((int) ((size - len) / 512) + 1);
        if (rnd.nextInt(4) == 0) { // unaligned start and length
            len -= 1 + rnd.nextInt(511);
            offset += rnd.nextInt(511);
        }
        return new Op(kind <= 3, false, offset, len);
    }

    private static void run(BlockNode node, Op op, int round, byte[] before,
                            ConcurrentLinkedQueue<String> torn) throws Exception {
        if (op.flush()) {
            node.flush();
        } else if (op.read()) {
            byte[] b = new byte[op.length()];
            node.pread(op.offset(), ByteBuffer.wrap(b));
            for (int i = 0; i < b.length; i++) {
                long g = op.offset() + i;
                if (b[i] != before[(int) g] && b[i] != pattern(round, g)) {
                    torn.add("byte " + g + " read " + b[i]);
                    return;
                }
            }
        } else {
            byte[] b = new byte[op.length()];
            for (int i = 0; i < b.length; i++) {
                b[i] = pattern(round, op.offset() + i);
            }
            node.pwrite(op.offset(), ByteBuffer.wrap(b), 0);
        }
    }

    private static int firstDifference(byte[] a, byte[] b) {
        return java.util.Arrays.mismatch(a, b);
    }
}
