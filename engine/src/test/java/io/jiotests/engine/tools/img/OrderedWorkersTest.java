package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The -m / -W request loop: commit order, parallel preparation and which failure is reported. */
class OrderedWorkersTest {

    private static OrderedWorkers.Claimer<Integer> jobs(int n) {
        int[] next = {0};
        return () -> next[0] < n ? next[0]++ : null;
    }

    /** In order: whatever order the preparations finish in, commits follow the jobs' order. */
    @Test
    void inOrderCommitsFollowTheJobsEvenWhenLaterReadsFinishFirst() throws Exception {
        List<Integer> committed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch lastPrepared = new CountDownLatch(1);
        new OrderedWorkers<Integer>(4, true, 16).run(jobs(4), new OrderedWorkers.Work<>() {
            @Override
            public void prepare(Integer job, ByteBuffer buf) throws BlockException {
                if (job == 0) {
                    await(lastPrepared); // job 0's read ends only after job 3's
                }
                if (job == 3) {
                    lastPrepared.countDown();
                }
            }

            @Override
            public void commit(Integer job, ByteBuffer buf) {
                committed.add(job);
            }
        });
        assertThat(committed).containsExactly(0, 1, 2, 3);
    }

    /** Out of order (-W): a job whose read finished commits without waiting for its predecessors. */
    @Test
    void outOfOrderCommitsAsSoonAsReady() throws Exception {
        List<Integer> committed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch laterCommitted = new CountDownLatch(1);
        new OrderedWorkers<Integer>(2, false, 16).run(jobs(2), new OrderedWorkers.Work<>() {
            @Override
            public void prepare(Integer job, ByteBuffer buf) throws BlockException {
                if (job == 0) {
                    await(laterCommitted);
                }
            }

            @Override
            public void commit(Integer job, ByteBuffer buf) {
                committed.add(job);
                if (job == 1) {
                    laterCommitted.countDown();
                }
            }
        });
        assertThat(committed).containsExactly(1, 0);
    }

    /** In order, the earliest failing job's error is reported and the jobs before it are committed. */
    @Test
    void inOrderReportsTheEarliestFailure() {
        List<Integer> committed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch laterFailed = new CountDownLatch(1);
        assertThatThrownBy(() -> new OrderedWorkers<Integer>(8, true, 16).run(jobs(8), new OrderedWorkers.Work<>() {
            @Override
            public void prepare(Integer job, ByteBuffer buf) throws BlockException {
                if (job == 5) {
                    laterFailed.countDown();
                    throw new BlockException(Errno.EIO, "job 5");
                }
                if (job == 2) {
                    await(laterFailed); // job 5 fails first in time
                    throw new BlockException(Errno.EIO, "job 2");
                }
            }

            @Override
            public void commit(Integer job, ByteBuffer buf) {
                committed.add(job);
            }
        })).isInstanceOf(BlockException.class).hasMessage("job 2");
        assertThat(committed).containsExactly(0, 1);
    }

    /** A failing claim (block status) stops the loop after the jobs claimed before it. */
    @Test
    void claimFailureComesAfterTheJobsBeforeIt() {
        List<Integer> committed = Collections.synchronizedList(new ArrayList<>());
        int[] next = {0};
        OrderedWorkers.Claimer<Integer> claimer = () -> {
            if (next[0] == 3) {
                throw new BlockException(Errno.EIO, "status at 3");
            }
            return next[0]++;
        };
        assertThatThrownBy(() -> new OrderedWorkers<Integer>(4, true, 16).run(claimer, new OrderedWorkers.Work<>() {
            @Override
            public void prepare(Integer job, ByteBuffer buf) {
            }

            @Override
            public void commit(Integer job, ByteBuffer buf) {
                committed.add(job);
            }
        })).hasMessage("status at 3");
        assertThat(committed).containsExactly(0, 1, 2);
    }

    /** Every worker has its own buffer; N workers prepare N jobs at the same time. */
    @Test
    void workersPrepareInParallelWithTheirOwnBuffers() throws Exception {
        CountDownLatch allIn = new CountDownLatch(4);
        List<ByteBuffer> buffers = Collections.synchronizedList(new ArrayList<>());
        new OrderedWorkers<Integer>(4, true, 64).run(jobs(4), new OrderedWorkers.Work<>() {
            @Override
            public void prepare(Integer job, ByteBuffer buf) throws BlockException {
                buffers.add(buf);
                allIn.countDown();
                await(allIn); // returns only when all four are preparing at once
            }

            @Override
            public void commit(Integer job, ByteBuffer buf) {
            }
        });
        assertThat(buffers).hasSize(4);
        assertThat(buffers.stream().map(System::identityHashCode).distinct()).hasSize(4);
        assertThat(buffers).allSatisfy(b -> assertThat(b.capacity()).isEqualTo(64));
    }

    private static void await(CountDownLatch l) throws BlockException {
        try {
            if (!l.await(60, TimeUnit.SECONDS)) {
                throw new BlockException(Errno.EIO, "latch timed out");
            }
        } catch (InterruptedException e) {
            throw new BlockException(Errno.EIO, "interrupted");
        }
    }
}
