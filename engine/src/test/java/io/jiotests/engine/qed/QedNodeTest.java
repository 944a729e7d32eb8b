package io.jiotests.engine.qed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockBackend;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The QED node through the engine API alone: need-check lifecycle, backing reads, zero clusters, check, resize. */
class QedNodeTest {
    private static final DriverRegistry REGISTRY = DriverRegistry.loadDefault();

    @TempDir
    Path dir;

    private Path create(String name, String size, String... kv) throws BlockException {
        OptionValues o = new OptionValues().set("size", size);
        for (int i = 0; i < kv.length; i += 2) {
            o.set(kv[i], kv[i + 1]);
        }
        Path p = dir.resolve(name);
        ImageCreator.create(REGISTRY, "qed", p.toString(), o, dir);
        return p;
    }

    private BlockNode open(Path p, OpenFlags flags) throws BlockException {
        return new BlockOpener(REGISTRY, dir, null).open(p.toString(), "qed", Map.of(), flags);
    }

    private static long features(Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(16);
    }

    @Test
    void needCheckIsSetByTheFirstAllocationAndClearedOnClose() throws Exception {
        Path img = create("a.qed", "4M");
        try (BlockNode n = open(img, OpenFlags.readWrite())) {
            assertThat(features(img)).isZero();
            new BlockBackend(n).write(0, ByteBuffer.wrap(new byte[4096]), 0);
            assertThat(features(img)).isEqualTo(QedHeader.F_NEED_CHECK);
            assertThat(((QedNode) n).needsCheck()).isTrue();
        }
        assertThat(features(img)).isZero();
    }

    @Test
    void readWriteOpenOfANeedCheckImageRepairsItReadOnlyLeavesIt() throws Exception {
        Path img = create("a.qed", "4M");
        try (BlockNode n = open(img, OpenFlags.readWrite())) {
            new BlockBackend(n).write(0, ByteBuffer.wrap(filled(65536, 7)), 0);
        }
        byte[] b = Files.readAllBytes(img);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(16, QedHeader.F_NEED_CHECK);
        long l2 = bb.getLong((int) bb.getLong(40));
        bb.putLong((int) l2 + 8, 1L << 40); // entry 1: past the end of the file
        Files.write(img, b);
        try (BlockNode n = open(img, OpenFlags.readOnly())) {
            assertThat(((QedNode) n).needsCheck()).isTrue();
        }
        assertThat(features(img)).isEqualTo(QedHeader.F_NEED_CHECK);
        try (BlockNode n = open(img, OpenFlags.readWrite())) {
            assertThat(((QedNode) n).needsCheck()).isFalse();
            ByteBuffer got = ByteBuffer.allocate(65536 * 2);
            new BlockBackend(n).read(0, got);
            assertThat(Arrays.copyOf(got.array(), 65536)).isEqualTo(filled(65536, 7));
            assertThat(Arrays.copyOfRange(got.array(), 65536, 131072)).isEqualTo(new byte[65536]);
        }
        assertThat(features(img)).isZero();
        assertThat(ByteBuffer.wrap(Files.readAllBytes(img)).order(ByteOrder.LITTLE_ENDIAN).getLong((int) l2 + 8))
                .as("the invalid entry was cleared").isZero();
    }

    @Test
    void allocationsOfAnOverlayDoNotSetNeedCheckAndReadThroughTheBacking() throws Exception {
        Path base = dir.resolve("base.raw");
        Files.write(base, filled(1 << 20, 0x42));
        Path img = create("o.qed", "2M", "backing_file", "base.raw", "backing_fmt", "raw", "cluster_size", "4k");
        try (BlockNode n = open(img, OpenFlags.readWrite())) {
            assertThat(n.backingFormat()).isEqualTo("raw");
            BlockBackend blk = new BlockBackend(n);
            blk.write(5000, ByteBuffer.wrap(filled(100, 0x11)), 0);
            assertThat(features(img) & QedHeader.F_NEED_CHECK).isZero();
            ByteBuffer got = ByteBuffer.allocate(8192);
            blk.read(4096, got);
            byte[] want = filled(8192, 0x42);
            Arrays.fill(want, 5000 - 4096, 5100 - 4096, (byte) 0x11);
            assertThat(got.array()).isEqualTo(want);
            ByteBuffer past = ByteBuffer.allocate(4096);
            blk.read(1 << 20, past);
            assertThat(past.array()).as("past the end of the backing file").isEqualTo(new byte[4096]);
            BlockStatus st = n.blockStatus(4096, 8192, true);
            assertThat(st.isData()).isTrue();
            assertThat(st.bytes()).isEqualTo(4096);
            assertThat(n.blockStatus(0, 4096, true).isAllocated()).isFalse();
        }
    }

    @Test
    void wholeClusterZeroWritesBecomeZeroClustersPartialOnesAllocate() throws Exception {
        Path img = create("z.qed", "1M", "cluster_size", "4k");
        try (BlockNode n = open(img, OpenFlags.readWrite())) {
            new BlockBackend(n).writeZeroes(4096, 8192 + 512, 0);
            BlockStatus whole = n.blockStatus(4096, 8192, true);
            assertThat(whole.isZero()).isTrue();
            assertThat(whole.isAllocated()).isTrue();
            assertThat(whole.bytes()).isEqualTo(8192);
            BlockStatus tail = n.blockStatus(12288, 4096, true);
            assertThat(tail.isData()).isTrue();
            CheckResult r = n.check(CheckMode.NONE, new PrintStream(new ByteArrayOutputStream()));
            assertThat(r.corruptions()).isZero();
            assertThat(r.leaks()).isZero();
            assertThat(r.allocatedClusters()).isEqualTo(1);
            assertThat(r.totalClusters()).isEqualTo(256);
        }
    }

    @Test
    void resizeGrowsOnlyToValidSizes() throws Exception {
        Path img = create("r.qed", "4M");
        try (BlockNode n = open(img, OpenFlags.readWrite())) {
            BlockBackend blk = new BlockBackend(n);
            assertThatThrownBy(() -> blk.truncate(2 << 20, false, Preallocation.OFF))
                    .hasMessage("Shrinking images is currently not supported");
            assertThatThrownBy(() -> blk.truncate((8 << 20) + 1, false, Preallocation.OFF))
                    .hasMessage("Invalid image size specified");
            assertThatThrownBy(() -> blk.truncate(8 << 20, false, Preallocation.FULL))
                    .hasMessage("Unsupported preallocation mode 'full'");
            blk.truncate(8 << 20, false, Preallocation.OFF);
            assertThat(n.length()).isEqualTo(8 << 20);
        }
        assertThat(ByteBuffer.wrap(Files.readAllBytes(img)).order(ByteOrder.LITTLE_ENDIAN).getLong(48))
                .isEqualTo(8 << 20);
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
