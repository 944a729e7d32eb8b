package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A qcow2 file cut inside or just after its header reads as zeroes past its end, as under QEMU
 * 7.2 (messages recorded from qemu-io): no EIO for what lies past the end of the file.
 */
class Qcow2CutHeaderTest {
    @TempDir
    Path dir;

    private final DriverRegistry registry = DriverRegistry.loadDefault();

    private BlockOpener cutTo(long size) throws Exception {
        ImageCreator.create(registry, "qcow2", "t.qcow2", new OptionValues().set("size", "1M"), dir);
        try (FileChannel ch = FileChannel.open(dir.resolve("t.qcow2"), StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
        return new BlockOpener(registry, dir, null);
    }

    @Test
    void cutHeadersFailOnTheirFirstZeroField() throws Exception {
        for (long size : new long[] {0, 3}) {
            BlockOpener o = cutTo(size);
            assertThatThrownBy(() -> o.open("t.qcow2", "qcow2", null, OpenFlags.readOnly()))
                    .hasMessage("Image is not in qcow2 format");
        }
        BlockOpener o4 = cutTo(4);
        assertThatThrownBy(() -> o4.open("t.qcow2", "qcow2", null, OpenFlags.readOnly()))
                .hasMessage("Unsupported qcow2 version 0");
        BlockOpener o71 = cutTo(71);
        assertThatThrownBy(() -> o71.open("t.qcow2", "qcow2", null, OpenFlags.readOnly()))
                .hasMessage("qcow2 header too short");
    }

    @Test
    void aWholeHeaderWithTablesPastTheEndOpensAndReadsZeroes() throws Exception {
        BlockOpener o = cutTo(104);
        try (BlockNode n = o.open("t.qcow2", "qcow2", null, OpenFlags.readOnly())) {
            assertThat(n.length()).isEqualTo(1 << 20);
            ByteBuffer b = ByteBuffer.allocate(512);
            n.pread(0, b);
            assertThat(b.array()).containsOnly((byte) 0);
        }
    }
}
