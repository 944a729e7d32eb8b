package io.jiotests.engine.file;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cache=none (O_DIRECT) writes go through aligned bounce buffers with a read-modify-write of the
 * edge blocks: whatever the buffer's address, no byte outside the request may change.
 */
class FileDirectIoTest {
    @TempDir
    Path dir;

    @Test
    void bounceBuffersAreAlignedAndExactlyTheRequestedSize() {
        for (int i = 0; i < 2000; i++) {
            int size = 4096 * (1 + i % 40);
            ByteBuffer b = FileNode.alignedBuffer(size, 4096);
            assertThat(b.capacity()).as("capacity of buffer %d", i).isEqualTo(size);
            assertThat(java.lang.foreign.MemorySegment.ofBuffer(b).address() % 4096).isZero();
        }
    }

    @Test
    void unalignedDirectWritesTouchOnlyTheirRange() throws Exception {
        int size = 128 * 1024;
        byte[] expected = new byte[size];
        for (int i = 0; i < size; i++) {
            expected[i] = (byte) (i * 31 + 7);
        }
        Path img = dir.resolve("d.img");
        Files.write(img, expected);
        var opener = new BlockOpener(DriverRegistry.loadDefault(), dir, null);
        try (BlockNode n = opener.open("d.img", "file", null, OpenFlags.readWrite().withCache(CacheMode.NONE))) {
            // many fresh bounce buffers: some allocations come back aligned, some do not
            for (int i = 0; i < 400; i++) {
                int off = 545 + (i * 977) % 40000;
                int len = 1 + (i * 7919) % 65536;
                len = Math.min(len, size - off);
                byte[] data = new byte[len];
                Arrays.fill(data, (byte) i);
                n.pwrite(off, ByteBuffer.wrap(data), 0);
                Arrays.fill(expected, off, off + len, (byte) i);
            }
            n.flush();
            ByteBuffer back = ByteBuffer.allocate(size);
            n.pread(0, back);
            assertThat(Arrays.mismatch(back.array(), expected)).isEqualTo(-1);
        }
        byte[] onDisk = Files.readAllBytes(img);
        assertThat(onDisk.length).isEqualTo(size);
        assertThat(Arrays.mismatch(onDisk, expected)).as("first byte that differs on disk").isEqualTo(-1);
    }
}
