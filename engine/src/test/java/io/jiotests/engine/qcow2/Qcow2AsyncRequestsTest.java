package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.AsyncRequests;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.file.HugePageBuffers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qcow2's asynchronous requests: requests into allocated clusters go to the data file's io_uring
 * queue and land at their host offsets (same bytes as synchronous reads see, no new allocation);
 * requests needing allocation are declined; a write still marks a lazy-refcounts image dirty.
 */
class Qcow2AsyncRequestsTest {
    private static final int CLUSTER = 65536;

    @TempDir
    Path dir;

    private final DriverRegistry registry = DriverRegistry.loadDefault();

    @Test
    void allocatedClustersGoAsyncAndAllocationIsDeclined() throws Exception {
        ImageCreator.create(registry, "qcow2", "a.qcow2",
                new OptionValues().set("size", "1M").set("lazy_refcounts", "on"), dir);
        BlockOpener opener = new BlockOpener(registry, dir, null);
        try (BlockNode n = opener.open("a.qcow2", "qcow2", null, OpenFlags.readWrite())) {
            byte[] ones = new byte[4 * CLUSTER];
            Arrays.fill(ones, (byte) 1);
            n.pwrite(0, ByteBuffer.wrap(ones), 0);
        }
        long fileSizeBefore = Files.size(dir.resolve("a.qcow2"));
        try (BlockNode n = opener.open("a.qcow2", "qcow2", null, OpenFlags.readWrite().withCache(CacheMode.NONE))) {
            AsyncRequests aio = n.openAsync(4);
            Assumptions.assumeTrue(aio != null, "the kernel offers no io_uring here (too old, disabled, or seccomp)");
            try (aio) {
                ByteBuffer[] bufs = HugePageBuffers.allocate(3, CLUSTER);
                byte[] fill = new byte[CLUSTER];
                Arrays.fill(fill, (byte) 0x3c);
                bufs[0].put(0, fill);
                assertThat(aio.queue(CLUSTER, bufs[0], true, 0)).as("write into an allocated cluster").isTrue();
                assertThat(aio.queue(8L * CLUSTER, bufs[1], true, 1)).as("write needing allocation").isFalse();
                assertThat(aio.queue(8L * CLUSTER, bufs[1], false, 1)).as("read of an unallocated cluster").isFalse();
                assertThat(aio.queue(3L * CLUSTER - 4096, bufs[2].clear().limit(8192), false, 2))
                        .as("read spanning two clusters in one host run").isTrue();
                int[] tags = new int[4];
                int[] results = new int[4];
                int done = 0;
                while (done < 2) {
                    int k = aio.submitAndWait(tags, results);
                    for (int i = 0; i < k; i++) {
                        assertThat(results[i]).isEqualTo(tags[i] == 0 ? CLUSTER : 8192);
                    }
                    done += k;
                }
                byte[] got = new byte[8192];
                bufs[2].get(0, got);
                assertThat(got).containsOnly((byte) 1);
            }
            ByteBuffer back = ByteBuffer.allocate(CLUSTER);
            n.pread(CLUSTER, back);
            assertThat(back.array()).containsOnly((byte) 0x3c);
            BlockStatus st = n.blockStatus(4L * CLUSTER, CLUSTER, false);
            assertThat(st.flags() & BlockStatus.ALLOCATED).as("nothing was allocated").isZero();
            byte[] header = new byte[80];
            n.file().pread(0, ByteBuffer.wrap(header));
            assertThat(header[79] & 1).as("lazy refcounts: the write marked the image dirty").isEqualTo(1);
        }
        assertThat(Files.size(dir.resolve("a.qcow2"))).isEqualTo(fileSizeBefore);
    }
}
