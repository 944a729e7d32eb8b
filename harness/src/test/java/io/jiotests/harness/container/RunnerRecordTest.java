package io.jiotests.harness.container;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunnerRecordTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesStreamsInArrivalOrderAndMergesThem() {
        var o = RunnerRecord.decodeResponse(b("X 1 0\nO 4\nout\nE 9\nqemu-img:E 6\n oops\nO 3\nend"));
        assertThat(o.timedOut()).isFalse();
        assertThat(o.result().exitCode()).isEqualTo(1);
        assertThat(o.result().stdout()).isEqualTo("out\nend");
        assertThat(o.result().stderr()).isEqualTo("qemu-img: oops\n");
        assertThat(o.result().merged()).isEqualTo("out\nqemu-img: oops\nend");
    }

    @Test
    void recordsMayContainNewlinesAndDigits() {
        var o = RunnerRecord.decodeResponse(b("X 137 1\nO 7\n12\nO 3\n"));
        assertThat(o.timedOut()).isTrue();
        assertThat(o.result().exitCode()).isEqualTo(137);
        assertThat(o.result().stdout()).isEqualTo("12\nO 3\n");
    }

    @Test
    void rejectsTruncatedAndMalformedResponses() {
        assertThatThrownBy(() -> RunnerRecord.decodeResponse(b("X 0 0\nO 10\nshort")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond the response");
        assertThatThrownBy(() -> RunnerRecord.decodeResponse(b("Y 0 0\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header");
        assertThatThrownBy(() -> RunnerRecord.decodeResponse(b("X 0 0\nQ 1\nx")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream");
        assertThatThrownBy(() -> RunnerRecord.decodeResponse(b("X 0 0\nO 1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("record");
    }

    @Test
    void encodesNulTerminatedFieldsAndRefusesNul() {
        assertThat(new String(RunnerRecord.encodeRequest("/t", 5, true, List.of("qemu-img", "info", "a b")),
                StandardCharsets.UTF_8)).isEqualTo("/t\0" + "5\0M\0qemu-img\0info\0a b\0");
        assertThatThrownBy(() -> RunnerRecord.encodeRequest("/t", 5, false, List.of("a\0b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunnerRecord.encodeRequest("/t", 5, false, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
