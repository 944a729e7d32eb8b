package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The convert -c pipeline commits in submission order whatever order the preparations finish in. */
class CompressPipelineTest {

    /** A node that records commits; preparing offset 0 waits until offset 1 has been prepared. */
    private static final class RecordingNode implements BlockNode {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch secondPrepared = new CountDownLatch(1);
        final List<String> prepareThreads = Collections.synchronizedList(new ArrayList<>());

        @Override
        public PreparedWrite prepareCompressedWrite(long offset, ByteBuffer src) throws BlockException {
            prepareThreads.add(Thread.currentThread().getName());
            if (offset == 0) {
                try {
                    if (!secondPrepared.await(30, TimeUnit.SECONDS)) {
                        throw new BlockException(Errno.EIO, "the second cluster was never prepared");
                    }
                } catch (InterruptedException e) {
                    throw new BlockException(Errno.EIO, "interrupted");
                }
            }
            if (offset == 1) {
                secondPrepared.countDown();
            }
            if (offset == 66) {
                throw new BlockException(Errno.ENOSPC, "No space left on device");
            }
            int first = src.get(src.position());
            return () -> log.add("c" + offset + ":" + first);
        }

        @Override
        public BlockDriver driver() {
            return null;
        }

        @Override
        public String filename() {
            return "recording";
        }

        @Override
        public OpenFlags flags() {
            return OpenFlags.readWrite();
        }

        @Override
        public long length() {
            return 1 << 20;
        }

        @Override
        public void pread(long offset, ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pwrite(long offset, ByteBuffer src, int flags) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static ByteBuffer cluster(int value) {
        return ByteBuffer.wrap(new byte[] {(byte) value, 0, 0, 0});
    }

    @Test
    void commitsInSubmissionOrderWithOpsInBetween() throws BlockException {
        RecordingNode node = new RecordingNode();
        try (CompressPipeline p = new CompressPipeline(node, 2, 1 << 20)) {
            p.compressed(0, cluster(10));
            p.compressed(1, cluster(11));
            p.then(() -> node.log.add("zero"));
            for (int i = 2; i < 40; i++) {
                p.compressed(i, cluster(i + 10));
            }
            p.drain();
        }
        List<String> expected = new ArrayList<>(List.of("c0:10", "c1:11", "zero"));
        for (int i = 2; i < 40; i++) {
            expected.add("c" + i + ":" + (i + 10));
        }
        assertThat(node.log).containsExactlyElementsOf(expected);
        assertThat(node.prepareThreads).allMatch(n -> n.equals("convert-compress"));
    }

    @Test
    void operationsWithNothingPendingRunAtOnce() throws BlockException {
        RecordingNode node = new RecordingNode();
        try (CompressPipeline p = new CompressPipeline(node, 2, 1 << 20)) {
            p.then(() -> node.log.add("zero"));
            assertThat(node.log).containsExactly("zero");
        }
    }

    @Test
    void aFailedPreparationFailsAtItsTurnAfterEarlierCommits() {
        RecordingNode node = new RecordingNode();
        assertThatThrownBy(() -> {
            try (CompressPipeline p = new CompressPipeline(node, 2, 1 << 20)) {
                p.compressed(64, cluster(1));
                p.compressed(65, cluster(2));
                p.compressed(66, cluster(3));
                p.compressed(67, cluster(4));
                p.drain();
            }
        }).isInstanceOf(BlockException.class).hasMessage("No space left on device");
        assertThat(node.log).containsExactly("c64:1", "c65:2");
    }

    @Test
    void boundedByBytes() throws BlockException {
        RecordingNode node = new RecordingNode();
        try (CompressPipeline p = new CompressPipeline(node, 2, 8)) {
            p.compressed(10, cluster(1));
            p.compressed(11, cluster(2));
            assertThat(node.log).isEmpty();
            // 12 bytes would be in flight: the oldest is committed first
            p.compressed(12, cluster(3));
            assertThat(node.log).containsExactly("c10:1");
            p.drain();
        }
        assertThat(node.log).containsExactly("c10:1", "c11:2", "c12:3");
    }
}
