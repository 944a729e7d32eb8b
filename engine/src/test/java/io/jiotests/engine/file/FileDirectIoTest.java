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

    /**
     * Aligned requests from aligned direct buffers bypass the bounce buffer and the lock; running
     * them on many threads beside small read-modify-write requests in neighbouring blocks loses
     * nothing and leaves the file its size: each thread owns its bytes, so the result is fixed.
     */
    @Test
    void alignedDirectRequestsRunConcurrentlyBesideReadModifyWrites() throws Exception {
        int block = 4096;
        int blocks = 64;
        int size = block * blocks;
        Files.write(dir.resolve("c.img"), new byte[size]);
        byte[] expected = new byte[size];
        var opener = new BlockOpener(DriverRegistry.loadDefault(), dir, null);
        try (BlockNode n = opener.open("c.img", "file", null, OpenFlags.readWrite().withCache(CacheMode.NONE));
             var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            // threads 0-3 write whole even blocks; threads 4-7 write 100 bytes inside odd blocks
            for (int round = 1; round <= 20; round++) {
                java.util.List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    int r = round;
                    fs.add(pool.submit(() -> {
                        for (int b = thread % 4 * 2 + (thread < 4 ? 0 : 1); b < blocks; b += 8) {
                            if (thread < 4) {
                                ByteBuffer buf = FileNode.alignedBuffer(block, block);
                                for (int k = 0; k < block; k++) {
                                    buf.put(k, (byte) (r * 13 + b));
                                }
                                n.pwrite((long) b * block, buf, 0);
                            } else {
                                byte[] small = new byte[100];
                                Arrays.fill(small, (byte) (r * 7 + b));
                                n.pwrite((long) b * block + 1000 + r, ByteBuffer.wrap(small), 0);
                            }
                        }
                        return null;
                    }));
                }
                for (var f : fs) {
                    f.get();
                }
                for (int b = 0; b < blocks; b++) {
                    if (b % 2 == 0) {
                        Arrays.fill(expected, b * block, (b + 1) * block, (byte) (round * 13 + b));
                    } else {
                        Arrays.fill(expected, b * block + 1000 + round, b * block + 1100 + round, (byte) (round * 7 + b));
                    }
                }
            }
            ByteBuffer back = FileNode.alignedBuffer(size, block);
            n.pread(0, back);
            byte[] actual = new byte[size];
            back.flip().get(actual);
            assertThat(Arrays.mismatch(actual, expected)).isEqualTo(-1);
        }
        assertThat(Files.size(dir.resolve("c.img"))).isEqualTo(size);
    }
}
