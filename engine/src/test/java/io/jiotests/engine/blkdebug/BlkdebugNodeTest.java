package io.jiotests.engine.blkdebug;

import io.jiotests.engine.block.BlockBackend;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Error injection through a real qcow2 node on a blkdebug node, and the open options. */
class BlkdebugNodeTest {
    @TempDir
    Path dir;

    private final DriverRegistry registry = DriverRegistry.loadDefault();

    private BlockNode open(String name, Map<String, String> opts) throws BlockException {
        return new BlockOpener(registry, dir, null).open(name, "qcow2", opts, OpenFlags.readWrite());
    }

    private void qcow2(String name) throws BlockException {
        ImageCreator.create(registry, "qcow2", name, new OptionValues().set("size", "1048576"), dir);
    }

    @Test
    void l2LoadErrorFailsTheFirstReadOnly() throws Exception {
        qcow2("t.qcow2");
        try (BlockBackend blk = new BlockBackend(open("t.qcow2", null))) {
            blk.write(0, ByteBuffer.wrap(new byte[65536]).put(0, (byte) 7), 0);
        }
        Files.writeString(dir.resolve("r.cfg"), "[inject-error]\nevent = \"l2_load\"\nonce = \"on\"\n",
                StandardCharsets.US_ASCII);
        try (BlockBackend blk = new BlockBackend(open("blkdebug:r.cfg:t.qcow2", null))) {
            assertThat(blk.root().file()).isInstanceOf(BlkdebugNode.class);
            ByteBuffer b = ByteBuffer.allocate(4096);
            assertThatThrownBy(() -> blk.read(0, b)).isInstanceOf(BlockException.class)
                    .extracting(e -> ((BlockException) e).errno()).isEqualTo(Errno.EIO);
            ByteBuffer again = ByteBuffer.allocate(4096);
            blk.read(0, again);
            assertThat(again.get(0)).isEqualTo((byte) 7);
        }
    }

    @Test
    void clusterAllocErrorLeavesTheClusterUnallocated() throws Exception {
        qcow2("t.qcow2");
        Map<String, String> opts = Map.of("file.driver", "blkdebug", "file.image.filename", "t.qcow2",
                "file.inject-error.0.event", "cluster_alloc", "file.inject-error.0.errno", "28",
                "file.inject-error.0.once", "on");
        try (BlockBackend blk = new BlockBackend(open(null, opts))) {
            ByteBuffer data = ByteBuffer.allocate(4096);
            assertThatThrownBy(() -> blk.write(65536, data.duplicate(), 0))
                    .extracting(e -> ((BlockException) e).errno()).isEqualTo(Errno.ENOSPC);
            blk.write(65536, data.duplicate(), 0);
        }
    }

    @Test
    void alignmentAndMaxTransferAreValidatedAndHonoured() throws Exception {
        Files.write(dir.resolve("r.img"), new byte[65536]);
        BlockOpener opener = new BlockOpener(registry, dir, null);
        assertThatThrownBy(() -> opener.open(null, "raw", Map.of("file.driver", "blkdebug",
                "file.image.filename", "r.img", "file.align", "3"), OpenFlags.readWrite()))
                .hasMessage("Cannot meet constraints with align 3");
        assertThatThrownBy(() -> opener.open(null, "raw", Map.of("file.driver", "blkdebug",
                "file.image.filename", "r.img", "file.align", "4096", "file.max-transfer", "1000"),
                OpenFlags.readWrite()))
                .hasMessage("Cannot meet constraints with max-transfer 1000");
        assertThatThrownBy(() -> opener.open(null, "raw", Map.of("file.driver", "blkdebug"), OpenFlags.readWrite()))
                .hasMessage("A block device must be specified for \"image\"");
        try (BlockBackend blk = new BlockBackend(opener.open(null, "raw", Map.of("file.driver", "blkdebug",
                "file.image.filename", "r.img", "file.align", "4096", "file.max-transfer", "8192"),
                OpenFlags.readWrite()))) {
            BlkdebugNode node = (BlkdebugNode) blk.root().file();
            assertThat(node.requestAlignment()).isEqualTo(4096);
            assertThat(node.maxTransfer()).isEqualTo(8192);
            blk.write(1, ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
            ByteBuffer b = ByteBuffer.allocate(5);
            blk.read(0, b);
            assertThat(b.array()).containsExactly(0, 1, 2, 3, 0);
        }
        assertThat(Files.readAllBytes(dir.resolve("r.img"))).startsWith(0, 1, 2, 3, 0);
    }
}
