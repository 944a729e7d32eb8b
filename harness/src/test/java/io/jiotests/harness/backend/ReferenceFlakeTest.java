package io.jiotests.harness.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.harness.api.ToolResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceFlakeTest {
    private static final String FLAKE = "qemu-img: t.luks: Unable to get accurate CPU usage\n";

    /** A merged-stream run (as test 135 makes it): the text is in stdout and merged, stderr is empty. */
    private static ToolResult mergedFlake() {
        return new ToolResult(1, FLAKE, "", FLAKE);
    }

    private static ToolResult separateFlake() {
        return new ToolResult(1, "", FLAKE, FLAKE);
    }

    private static final ToolResult OK = new ToolResult(0, "Formatting ...\n", "", "Formatting ...\n");

    @Test
    void theFlakeIsRecognisedInEitherStreamMode() {
        assertThat(ReferenceFlake.isPbkdfFlake("qemu-img", mergedFlake())).isTrue();
        assertThat(ReferenceFlake.isPbkdfFlake("qemu-img", separateFlake())).isTrue();
        assertThat(ReferenceFlake.isPbkdfFlake("qemu-io", mergedFlake())).isFalse();
        assertThat(ReferenceFlake.isPbkdfFlake("qemu-img", OK)).isFalse();
        assertThat(ReferenceFlake.isPbkdfFlake("qemu-img", new ToolResult(0, FLAKE, "", FLAKE))).isFalse();
    }

    @Test
    void aFlakyRunIsRepeatedUntilItSucceeds() {
        Deque<ToolResult> runs = new ArrayDeque<>(List.of(mergedFlake(), separateFlake(), OK, mergedFlake()));
        ToolResult r = ReferenceFlake.retrying("qemu-img", runs::removeFirst);
        assertThat(r).isEqualTo(OK);
        assertThat(runs).hasSize(1);
    }

    @Test
    void retriesAreBounded() {
        int[] calls = {0};
        ToolResult r = ReferenceFlake.retrying("qemu-img", () -> {
            calls[0]++;
            return mergedFlake();
        });
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(calls[0]).isEqualTo(1 + ReferenceFlake.RETRIES);
    }

    @Test
    void otherFailuresAreNotRetried() {
        int[] calls = {0};
        ToolResult fail = new ToolResult(1, "", "qemu-img: Could not open 'x'\n", "qemu-img: Could not open 'x'\n");
        ToolResult r = ReferenceFlake.retrying("qemu-img", () -> {
            calls[0]++;
            return fail;
        });
        assertThat(r).isEqualTo(fail);
        assertThat(calls[0]).isEqualTo(1);
    }
}
