package io.jiotests.engine.copyonread;

import io.jiotests.engine.block.BlockBackend;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.BlockStatusQuery;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads through the copy-on-read filter copy whole clusters from the backing file into the overlay. */
class CopyOnReadNodeTest {
    @TempDir
    Path dir;

    private final DriverRegistry registry = DriverRegistry.loadDefault();

    private BlockOpener opener() {
        return new BlockOpener(registry, dir, null);
    }

    @Test
    void readsCopyClustersAndZeroDataBecomesZeroClusters() throws Exception {
        ImageCreator.create(registry, "qcow2", "base.qcow2", new OptionValues().set("size", "1048576"), dir);
        try (BlockBackend base = new BlockBackend(opener().open("base.qcow2", "qcow2", null, OpenFlags.readWrite()))) {
            byte[] data = new byte[65536];
            Arrays.fill(data, (byte) 0x11);
            base.write(0, ByteBuffer.wrap(data), 0);
        }
        ImageCreator.create(registry, "qcow2", "top.qcow2", new OptionValues().set("size", "1048576")
                .set("backing_file", "base.qcow2").set("backing_fmt", "qcow2"), dir);
        Map<String, String> opts = Map.of("driver", "copy-on-read", "file.driver", "qcow2",
                "file.file.filename", "top.qcow2");
        try (BlockBackend blk = new BlockBackend(opener().open(null, null, opts, OpenFlags.readWrite()))) {
            BlockNode top = blk.root().file();
            assertThat(BlockStatusQuery.isAllocated(top, 0, 65536).allocated()).isFalse();
            ByteBuffer b = ByteBuffer.allocate(4096);
            blk.read(4096, b);
            assertThat(b.get(0)).isEqualTo((byte) 0x11);
            assertThat(BlockStatusQuery.isAllocated(top, 0, 65536).allocated()).isTrue();
            assertThat(BlockStatusQuery.isAllocated(top, 0, 65536).bytes()).isEqualTo(65536);
            blk.read(200000, ByteBuffer.allocate(10));
            BlockStatusQuery.Allocation zero = BlockStatusQuery.isAllocated(top, 196608, 65536);
            assertThat(zero.allocated()).isTrue();
            assertThat(top.blockStatus(196608, 65536, true).isZero()).isTrue();
            assertThat(BlockStatusQuery.isAllocated(top, 65536, 65536).allocated()).isFalse();
        }
    }

    @Test
    void readOnlyChildrenAndBottomNodesAreRefused() throws Exception {
        ImageCreator.create(registry, "qcow2", "t.qcow2", new OptionValues().set("size", "1048576"), dir);
        BlockNode ro = opener().open("t.qcow2", "qcow2", null, OpenFlags.readOnly());
        try (ro) {
            assertThatThrownBy(() -> new CopyOnReadDriver().wrap(ro)).isInstanceOf(BlockException.class)
                    .hasMessage("Block node is read-only");
        }
        assertThatThrownBy(() -> opener().open(null, null, Map.of("driver", "copy-on-read", "file.driver", "qcow2",
                "file.file.filename", "t.qcow2", "bottom", "x"), OpenFlags.readWrite()))
                .hasMessage("Bottom node 'x' not found");
    }
}
