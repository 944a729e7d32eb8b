package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The -r schedule on a simulated clock: sleeping only advances the fake time. */
class RateLimiterTest {
    private static final long MS = 1_000_000L;

    /** A clock that starts at an arbitrary instant and moves only when slept on or advanced. */
    static final class FakeClock implements RateLimiter.Clock {
        long now = 123_456_789L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void quotaIsATenthOfTheRatePerSlice() {
        FakeClock c = new FakeClock();
        assertThat(new RateLimiter(2L << 20, c).sliceQuota()).isEqualTo(209715);
        assertThat(new RateLimiter(3L << 20, c).sliceQuota()).isEqualTo(314572);
        assertThat(new RateLimiter(1, c).sliceQuota()).isEqualTo(1);
        assertThatThrownBy(() -> new RateLimiter(0, c)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RateLimiter.forRate(0)).isNull();
    }

    /** convert: wait before each write, account after it; 4 chunks of 2 MiB at 2 MiB/s take 3 s. */
    @Test
    void convertScheduleWritesOneChunkPerSecond() throws Exception {
        FakeClock c = new FakeClock();
        RateLimiter r = new RateLimiter(2L << 20, c);
        long start = c.now;
        List<Long> writes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            r.throttle();
            writes.add(c.now - start);
            c.now += 2 * MS; // the write itself
            r.processed(2L << 20);
        }
        // the first write goes at once; each later one when the previous chunk's slices are over
        assertThat(writes.get(0)).isZero();
        for (int i = 1; i < 4; i++) {
            long gap = writes.get(i) - writes.get(i - 1);
            assertThat(gap).isBetween(995 * MS, 1005 * MS);
        }
        assertThat(c.now - start).isBetween(3000 * MS, 3010 * MS);
    }

    /** Requests smaller than a slice's quota share a slice: only the excess waits. */
    @Test
    void smallRequestsFillASliceBeforeWaiting() throws Exception {
        FakeClock c = new FakeClock();
        RateLimiter r = new RateLimiter(1L << 20, c); // 104857 bytes per 100 ms slice
        int waits = 0;
        long start = c.now;
        for (int i = 0; i < 64; i++) { // 64 x 64 KiB = 4 MiB
            r.throttle();
            r.processed(64 << 10);
            waits = c.sleeps.size();
        }
        r.throttle(); // the pause after the last request, as the commit job takes it
        assertThat(waits).isGreaterThan(0);
        long elapsed = c.now - start;
        // 4 MiB at 1 MiB/s: 4 s, give or take one slice
        assertThat(elapsed).isBetween(3900 * MS, 4100 * MS);
        // never more than one slice of bytes may go without a pause after the first slice
        assertThat(c.sleeps).allSatisfy(s -> assertThat(s).isPositive());
    }

    /** After an idle period longer than the slice, accounting starts over: no catch-up burst or debt. */
    @Test
    void idleTimeResetsTheSlice() throws Exception {
        FakeClock c = new FakeClock();
        RateLimiter r = new RateLimiter(10L << 20, c);
        r.throttle();
        r.processed(512 << 10); // half of a 1 MiB slice quota
        c.now += 5000 * MS;
        assertThat(r.account(0)).isZero();
        r.processed(2L << 20); // twice the quota of the fresh slice
        long delay = r.account(0);
        assertThat(delay).isBetween(199 * MS, 201 * MS);
    }
}
