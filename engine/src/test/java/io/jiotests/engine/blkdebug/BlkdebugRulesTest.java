package io.jiotests.engine.blkdebug;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.blkdebug.BlkdebugRule.IoType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Event processing: activation, once, states, sectors and breakpoints. */
class BlkdebugRulesTest {

    private static BlkdebugRules rules(String text) throws BlockException {
        BlkdebugRules r = new BlkdebugRules();
        for (BlkdebugConfig.Group g : BlkdebugConfig.parse(text)) {
            r.add(BlkdebugRule.fromGroup(g));
        }
        return r;
    }

    @Test
    void anErrorRuleIsInactiveUntilItsEventAndOnceRulesFireOnce() throws BlockException {
        BlkdebugRules r = rules("[inject-error]\nevent = \"l2_load\"\nonce = \"on\"\n");
        assertThat(r.check(0, 512, IoType.READ)).isZero();
        r.event("read_aio");
        assertThat(r.check(0, 512, IoType.READ)).isZero();
        r.event("l2_load");
        assertThat(r.check(0, 512, IoType.READ)).isEqualTo(5);
        assertThat(r.check(0, 512, IoType.READ)).isZero();
        r.event("l2_load");
        assertThat(r.check(0, 512, IoType.READ)).as("a once-rule is deleted after firing").isZero();
    }

    @Test
    void persistentRulesStayActiveAndSkipBlockStatusByDefault() throws BlockException {
        BlkdebugRules r = rules("[inject-error]\nevent = \"write_aio\"\nerrno = \"28\"\n");
        r.event("write_aio");
        assertThat(r.check(0, 4096, IoType.WRITE)).isEqualTo(28);
        assertThat(r.check(0, 4096, IoType.FLUSH)).isEqualTo(28);
        assertThat(r.check(0, 4096, IoType.BLOCK_STATUS)).isZero();
        assertThat(r.activeRules()).hasSize(1);
    }

    @Test
    void sectorRulesOnlyHitRequestsCoveringTheirSector() throws BlockException {
        BlkdebugRules r = rules("[inject-error]\nevent = \"pwritev\"\nsector = \"8\"\n");
        r.event("pwritev");
        assertThat(r.check(0, 4096, IoType.WRITE)).isZero();
        assertThat(r.check(0, 4097, IoType.WRITE)).isEqualTo(5);
        assertThat(r.check(4096, 0, IoType.FLUSH)).as("a zero-length request covers nothing").isZero();
    }

    @Test
    void setStateChangesWhichRulesRun() throws BlockException {
        BlkdebugRules r = rules("""
                [set-state]
                event = "l2_load"
                state = "1"
                new_state = "2"
                [inject-error]
                event = "read_aio"
                state = "2"
                once = "on"
                """);
        r.event("read_aio");
        assertThat(r.check(0, 512, IoType.READ)).as("state 1: the error rule does not run").isZero();
        r.event("l2_load");
        assertThat(r.state()).isEqualTo(2);
        r.event("read_aio");
        assertThat(r.check(0, 512, IoType.READ)).isEqualTo(5);
    }

    @Test
    void aNewInjectionReplacesTheActiveList() throws BlockException {
        BlkdebugRules r = rules("""
                [inject-error]
                event = "l2_load"
                errno = "5"
                [inject-error]
                event = "cluster_alloc"
                errno = "28"
                """);
        r.event("l2_load");
        r.event("cluster_alloc");
        assertThat(r.activeRules()).extracting(BlkdebugRule::errno).containsExactly(28);
    }

    @Test
    void breakpointsSuspendUntilResumed() throws Exception {
        BlkdebugRules r = new BlkdebugRules();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        r.setConsole(new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThatThrownBy(() -> r.addBreakpoint("preadv", "A")).hasMessage("No such file or directory");
        r.addBreakpoint("l2_load", "A");
        assertThat(r.hasBreakpoints()).isTrue();
        CompletableFuture<Void> request = CompletableFuture.runAsync(() -> r.event("l2_load"));
        while (!r.isSuspended("A")) {
            Thread.onSpinWait();
        }
        assertThat(request).isNotDone();
        assertThat(r.hasBreakpoints()).as("a breakpoint fires once").isFalse();
        assertThatThrownBy(() -> r.resume("B")).hasMessage("No such file or directory");
        r.resume("A");
        request.get(30, TimeUnit.SECONDS);
        assertThat(buf.toString(StandardCharsets.UTF_8))
                .isEqualTo("blkdebug: Suspended request 'A'\nblkdebug: Resuming request 'A'\n");
        assertThatThrownBy(() -> r.removeBreakpoint("A")).hasMessage("No such file or directory");
        r.addBreakpoint("l2_load", "C");
        r.removeBreakpoint("C");
        r.event("l2_load");
        assertThat(r.suspendedCount()).isZero();
    }
}
