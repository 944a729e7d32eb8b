package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qemu-img bench's request queue: positions, parallel requests, the failing request. */
class BenchQueueTest {

    @Test
    void positionsAdvanceByTheStepAndWrapAtTheImageSize() {
        long size = 1 << 20;
        for (long[] c : new long[][] {{0, 4096}, {12288, 65536}, {512, 3 * 4096 + 512}}) {
            BenchQueue q = new BenchQueue(null, false, 0, 4096, c[0], c[1], size);
            long pos = c[0];
            for (long i = 0; i < 1000; i++) { // the sequential definition: pos += step; pos %= size
                assertThat(q.position(i)).as("request " + i).isEqualTo(pos);
                pos = (pos + c[1]) % size;
            }
        }
        BenchQueue huge = new BenchQueue(null, false, 0, 512, Long.MAX_VALUE - 10, Long.MAX_VALUE / 2, 1000);
        assertThat(huge.position(3)).isBetween(0L, 999L);
    }

    @Test
    void depthRequestsInFlightWriteEveryPositionOnce(@TempDir Path dir) throws Exception {
        depthRequestsWriteEveryPositionOnce(dir, OpenFlags.readWrite());
    }

    /** Under O_DIRECT the requests go through the node's io_uring queue from one thread. */
    @Test
    void depthRequestsThroughTheAsyncQueueWriteEveryPositionOnce(@TempDir Path dir) throws Exception {
        depthRequestsWriteEveryPositionOnce(dir, OpenFlags.readWrite().withCache(CacheMode.NONE));
    }

    private static void depthRequestsWriteEveryPositionOnce(Path dir, OpenFlags flags) throws Exception {
        int size = 1 << 20;
        Files.write(dir.resolve("img.raw"), new byte[size]);
        BlockOpener opener = new BlockOpener(DriverRegistry.loadDefault(), dir, null);
        byte[] expected = new byte[size];
        int count = 300;
        int step = 3 * 4096;
        long pos = 4096;
        for (int i = 0; i < count; i++) {
            Arrays.fill(expected, (int) pos, (int) pos + 4096, (byte) 0x5a);
            pos = (pos + step) % size;
        }
        try (BlockNode node = opener.open("img.raw", "raw", null, flags)) {
            new BenchQueue(node, true, 0x5a, 4096, 4096, step, size).run(count, 8, 64);
            byte[] actual = new byte[size];
            node.pread(0, ByteBuffer.wrap(actual));
            assertThat(Arrays.mismatch(actual, expected)).isEqualTo(-1);
        }
    }

    @Test
    void aRequestPastTheEndFailsAfterTheOnesBeforeIt(@TempDir Path dir) throws Exception {
        int size = 64 << 10;
        Files.write(dir.resolve("img.raw"), new byte[size]);
        BlockOpener opener = new BlockOpener(DriverRegistry.loadDefault(), dir, null);
        try (BlockNode node = opener.open("img.raw", "raw", null, OpenFlags.readWrite().withCache(CacheMode.NONE))) {
            // depth 4 through the async queue: requests 0-4 complete, 5 (at 62 KiB) ends past the image
            BenchQueue q = new BenchQueue(node, true, 0x11, 4096, 32 << 10, 6 << 10, size);
            assertThatThrownBy(() -> q.run(10, 4, 0)).isInstanceOf(ImgError.class)
                    .hasMessage("Failed request: Input/output error");
            byte[] actual = new byte[size];
            node.pread(0, ByteBuffer.wrap(actual));
            for (int i = 0; i < 5; i++) {
                assertThat(actual[(32 << 10) + i * (6 << 10)]).as("request " + i).isEqualTo((byte) 0x11);
            }
            assertThat(actual[62 << 10]).as("the failing request wrote nothing").isZero();
        }
    }

    @Test
    void aRequestPastTheEndFailsAfterTheOnesBeforeItAtDepthOne(@TempDir Path dir) throws Exception {
        int size = 64 << 10;
        Files.write(dir.resolve("img.raw"), new byte[size]);
        BlockOpener opener = new BlockOpener(DriverRegistry.loadDefault(), dir, null);
        try (BlockNode node = opener.open("img.raw", "raw", null, OpenFlags.readWrite())) {
            // 4 KiB requests from 32 KiB on, 6 KiB apart: request 5 (at 62 KiB) ends past the image
            BenchQueue q = new BenchQueue(node, true, 0x11, 4096, 32 << 10, 6 << 10, size);
            assertThatThrownBy(() -> q.run(10, 1, 0)).isInstanceOf(ImgError.class)
                    .hasMessage("Failed request: Input/output error");
            byte[] actual = new byte[size];
            node.pread(0, ByteBuffer.wrap(actual));
            for (int i = 0; i < 5; i++) {
                int at = (32 << 10) + i * (6 << 10);
                assertThat(actual[at]).as("request " + i).isEqualTo((byte) 0x11);
            }
            assertThat(actual[62 << 10]).as("the failing request wrote nothing").isZero();
            assertThat(actual[4 << 10]).as("no request after it ran (request 6 is at 4 KiB)").isZero();
        }
    }

    /** An interrupt (the tool daemon cancelling the command) ends an async run: nothing more is queued. */
    @Test
    void anInterruptEndsAnAsyncRun(@TempDir Path dir) throws Exception {
        int size = 1 << 20;
        Files.write(dir.resolve("img.raw"), new byte[size]);
        BlockOpener opener = new BlockOpener(DriverRegistry.loadDefault(), dir, null);
        try (BlockNode node = opener.open("img.raw", "raw", null, OpenFlags.readWrite().withCache(CacheMode.NONE))) {
            BenchQueue q = new BenchQueue(node, false, 0, 4096, 0, 4096, size);
            java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    q.run(Long.MAX_VALUE / 2, 8, 0);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.setDaemon(true); // without the interrupt check it would run for ever
            t.start();
            Thread.sleep(200);
            assertThat(t.isAlive()).as("still running before the interrupt").isTrue();
            t.interrupt();
            t.join(30_000);
            assertThat(t.isAlive()).as("ended after the interrupt").isFalse();
            assertThat(thrown.get()).isInstanceOf(ImgError.class).hasMessage("Failed request: Interrupted system call");
        }
    }
}
