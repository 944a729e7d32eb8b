package io.jiotests.engine.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.AsyncRequests;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * io_uring requests under O_DIRECT (FileAsyncRequests, and the raw node's shifted view of them)
 * transfer the same bytes as the synchronous path, decline what they cannot do, zero-fill a read
 * past the end of the file, and report the kernel's errors as results.
 */
class FileAsyncRequestsTest {
    private static final int SIZE = 64 * 1024;

    @TempDir
    Path dir;

    private final BlockOpener opener = new BlockOpener(DriverRegistry.loadDefault(), Path.of("/"), null);

    private BlockNode open(Path img, String fmt, Map<String, String> opts, OpenFlags flags) throws Exception {
        return opener.open(img.toString(), fmt, opts, flags.withCache(CacheMode.NONE));
    }

    private static AsyncRequests async(BlockNode n, int depth) throws Exception {
        AsyncRequests aio = n.openAsync(depth);
        Assumptions.assumeTrue(aio != null, "the kernel offers no io_uring here (too old, disabled, or seccomp)");
        return aio;
    }

    private static ByteBuffer[] buffers(int n) {
        return HugePageBuffers.allocate(n, SIZE);
    }

    /** Runs until every request queued so far completed; returns the results by tag. */
    private static int[] drain(AsyncRequests aio, int count) throws Exception {
        int[] byTag = new int[count];
        Arrays.fill(byTag, Integer.MIN_VALUE);
        int[] tags = new int[count];
        int[] results = new int[count];
        int done = 0;
        while (done < count) {
            int n = aio.submitAndWait(tags, results);
            assertThat(n).isPositive();
            for (int i = 0; i < n; i++) {
                byTag[tags[i]] = results[i];
            }
            done += n;
        }
        return byTag;
    }

    @Test
    void asyncWritesAndReadsMoveTheSameBytesAsSynchronousOnes() throws Exception {
        Path img = dir.resolve("a.raw");
        Files.write(img, new byte[16 * SIZE]);
        try (BlockNode n = open(img, "file", null, OpenFlags.readWrite());
             AsyncRequests aio = async(n, 8)) {
            assertThat(aio.capacity()).isGreaterThanOrEqualTo(8);
            ByteBuffer[] bufs = buffers(8);
            for (int round = 0; round < 2; round++) {
                for (int t = 0; t < 8; t++) {
                    byte[] fill = new byte[SIZE];
                    Arrays.fill(fill, (byte) (round * 8 + t + 1));
                    bufs[t].clear().put(0, fill);
                    assertThat(aio.queue((long) (round * 8 + t) * SIZE, bufs[t], true, t)).isTrue();
                }
                assertThat(drain(aio, 8)).containsOnly(SIZE);
            }
            for (int k = 0; k < 16; k++) {
                ByteBuffer back = ByteBuffer.allocate(SIZE);
                n.pread((long) k * SIZE, back);
                assertThat(back.array()).as("block %d", k).containsOnly((byte) (k + 1));
            }
            for (int t = 0; t < 8; t++) {
                bufs[t].clear();
                assertThat(aio.queue((long) (15 - t) * SIZE, bufs[t], false, t)).isTrue();
            }
            assertThat(drain(aio, 8)).containsOnly(SIZE);
            for (int t = 0; t < 8; t++) {
                byte[] got = new byte[SIZE];
                bufs[t].get(0, got);
                assertThat(got).as("tag %d", t).containsOnly((byte) (16 - t));
            }
        }
    }

    @Test
    void unalignedOrHeapRequestsAreDeclined() throws Exception {
        Path img = dir.resolve("b.raw");
        Files.write(img, new byte[4 * SIZE]);
        try (BlockNode n = open(img, "file", null, OpenFlags.readWrite());
             AsyncRequests aio = async(n, 4)) {
            ByteBuffer direct = buffers(1)[0];
            assertThat(aio.queue(0, ByteBuffer.allocate(SIZE), false, 0)).isFalse();
            assertThat(aio.queue(1, direct.clear(), false, 0)).isFalse();
            assertThat(aio.queue(0, direct.clear().limit(100), false, 0)).isFalse();
            assertThat(aio.queue(0, direct.clear().position(1), false, 0)).isFalse();
            assertThat(aio.queue(0, direct.clear(), false, aio.capacity())).isFalse();
            assertThat(aio.submitAndWait(new int[1], new int[1])).isZero();
        }
    }

    @Test
    void aReadPastTheEndReadsZeroesAndAWriteOnAReadOnlyFileFails() throws Exception {
        Path img = dir.resolve("c.raw");
        byte[] data = new byte[3 * 4096];
        Arrays.fill(data, (byte) 0x11);
        Files.write(img, data);
        try (BlockNode n = open(img, "file", null, OpenFlags.readOnly());
             AsyncRequests aio = async(n, 2)) {
            ByteBuffer[] bufs = buffers(2);
            byte[] junk = new byte[SIZE];
            Arrays.fill(junk, (byte) 0x77);
            bufs[0].clear().put(0, junk);
            assertThat(aio.queue(0, bufs[0], false, 0)).isTrue();
            assertThat(aio.queue(0, bufs[1].clear(), true, 1)).isTrue();
            int[] results = drain(aio, 2);
            assertThat(results[0]).isEqualTo(SIZE);
            assertThat(results[1]).isEqualTo(-9); // EBADF: the descriptor is read-only
            byte[] got = new byte[SIZE];
            bufs[0].get(0, got);
            assertThat(Arrays.copyOfRange(got, 0, data.length)).containsOnly((byte) 0x11);
            assertThat(Arrays.copyOfRange(got, data.length, SIZE)).containsOnly((byte) 0);
        }
    }

    @Test
    void aRawNodeShiftsItsRequestsByItsOffset() throws Exception {
        Path img = dir.resolve("d.raw");
        Files.write(img, new byte[4 * SIZE]);
        try (BlockNode n = open(img, "raw",
                Map.of("offset", Integer.toString(SIZE), "size", Integer.toString(2 * SIZE)), OpenFlags.readWrite());
             AsyncRequests aio = async(n, 2)) {
            ByteBuffer b = buffers(1)[0];
            byte[] fill = new byte[SIZE];
            Arrays.fill(fill, (byte) 0x42);
            b.put(0, fill);
            assertThat(aio.queue(0, b, true, 0)).isTrue();
            assertThat(drain(aio, 1)).containsOnly(SIZE);
            assertThat(aio.queue(2L * SIZE, b.clear(), true, 1)).as("past the raw window's end").isFalse();
        }
        byte[] file = Files.readAllBytes(img);
        assertThat(Arrays.copyOfRange(file, 0, SIZE)).containsOnly((byte) 0);
        assertThat(Arrays.copyOfRange(file, SIZE, 2 * SIZE)).containsOnly((byte) 0x42);
    }

    @Test
    void withoutODirectThereIsNoAsyncQueue() throws Exception {
        Path img = dir.resolve("e.raw");
        Files.write(img, new byte[SIZE]);
        try (BlockNode n = opener.open(img.toString(), "file", null, OpenFlags.readWrite())) {
            assertThat(n.openAsync(4)).isNull();
        }
    }
}
