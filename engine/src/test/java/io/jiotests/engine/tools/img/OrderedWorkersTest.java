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
        OrderedWorkers<Integer> workers = new OrderedWorkers<>(8, true, 16);
        assertThatThrownBy(() -> workers.run(jobs(8), new OrderedWorkers.Work<>() {
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
        // both reads were in flight (the first batch is claimed whatever fails): both are reported
        assertThat(workers.failures()).extracting(Throwable::getMessage).containsExactly("job 2", "job 5");
    }

    /** After a failed read, only the first batch of jobs (one per worker) is still claimed. */
    @Test
    void aFailureStopsClaimingAfterTheFirstBatch() {
        List<Integer> prepared = Collections.synchronizedList(new ArrayList<>());
        OrderedWorkers<Integer> workers = new OrderedWorkers<>(3, true, 16);
        assertThatThrownBy(() -> workers.run(jobs(100), new OrderedWorkers.Work<>() {
            @Override
            public void prepare(Integer job, ByteBuffer buf) throws BlockException {
                prepared.add(job);
                throw new BlockException(Errno.EIO, "read " + job);
            }

            @Override
            public void commit(Integer job, ByteBuffer buf) {
            }
        })).hasMessage("read 0");
        assertThat(prepared).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(workers.failures()).extracting(Throwable::getMessage).containsExactly("read 0", "read 1", "read 2");
    }

    /**
     * The first batch as qemu-img's coroutines claim it: a job without I/O does not end a
     * coroutine's turn, unless (in order) it has to wait for its predecessors.
     */
    @Test
    void jobsWithoutIoDoNotCountInTheFirstBatch() {
        for (boolean inOrder : new boolean[] {true, false}) {
            OrderedWorkers<Integer> workers = new OrderedWorkers<>(2, inOrder, 16);
            assertThatThrownBy(() -> workers.run(jobs(6), new OrderedWorkers.Work<>() {
                @Override
                public boolean doesIo(Integer job) {
                    return job % 2 == 1; // 0, 2, 4 need no I/O (zero runs on a zeroed target)
                }

                @Override
                public void prepare(Integer job, ByteBuffer buf) throws BlockException {
                    if (job % 2 == 1) {
                        throw new BlockException(Errno.EIO, "read " + job);
                    }
                }

                @Override
                public void commit(Integer job, ByteBuffer buf) {
                }
            })).hasMessage("read 1");
            // in order, job 2 waits for job 1 and ends the batch; out of order job 3's read does
            assertThat(workers.failures()).extracting(Throwable::getMessage)
                    .as("in order: " + inOrder)
                    .containsExactlyElementsOf(inOrder ? List.of("read 1") : List.of("read 1", "read 3"));
        }
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

    /** In order, a commit that releases its turn lets the next commit run while it is still going. */
    @Test
    void releasedTurnLetsTheNextCommitOverlap() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch nextCommitted = new CountDownLatch(1);
        new OrderedWorkers<Integer>(2, true, 16).run(jobs(3), new TurnReleasingWork() {
            @Override
            public void commit(Integer job, ByteBuffer buf, Runnable releaseTurn) throws BlockException {
                events.add("start " + job);
                if (job == 0) {
                    releaseTurn.run();
                    releaseTurn.run(); // a second call changes nothing
                    await(nextCommitted); // job 1 commits before job 0 ends
                } else if (job == 1) {
                    nextCommitted.countDown();
                }
                events.add("end " + job);
            }
        });
        // job 1 starts before job 0 ends (job 0 waits for it); job 2, whose predecessor did not
        // release its turn, starts only after job 1 has ended
        assertThat(events.indexOf("start 1")).isBetween(events.indexOf("start 0"), events.indexOf("end 0"));
        assertThat(events.indexOf("start 2")).isGreaterThan(events.indexOf("end 1"));
    }

    /**
     * A commit that failed after releasing its turn is the one reported: a later commit that ran
     * meanwhile and failed too would not have run in turn, so its error is not listed.
     */
    @Test
    void commitOverlappingAFailingOneIsNotReported() {
        CountDownLatch nextFailed = new CountDownLatch(1);
        OrderedWorkers<Integer> workers = new OrderedWorkers<>(2, true, 16);
        assertThatThrownBy(() -> workers.run(jobs(2), new TurnReleasingWork() {
            @Override
            public void commit(Integer job, ByteBuffer buf, Runnable releaseTurn) throws BlockException {
                if (job == 0) {
                    releaseTurn.run();
                    await(nextFailed);
                    throw new BlockException(Errno.EIO, "write 0 failed");
                }
                nextFailed.countDown();
                throw new BlockException(Errno.ENOSPC, "write 1 failed");
            }
        })).hasMessage("write 0 failed");
        assertThat(workers.failures()).extracting(Throwable::getMessage).containsExactly("write 0 failed");
    }

    /** Work with nothing to prepare whose commits are given their turn's release (the three-argument commit). */
    private abstract static class TurnReleasingWork implements OrderedWorkers.Work<Integer> {
        @Override
        public void prepare(Integer job, ByteBuffer buf) {
        }

        @Override
        public void commit(Integer job, ByteBuffer buf) {
            throw new AssertionError("the three-argument commit is called");
        }
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
