package io.jiotests.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {

    @Test
    void parsesWhatTheReportsWrite() {
        Object v = MiniJson.parse("{\"a\": [1, 2.5, -3e2], \"s\": \"x\\n\\\"y\\u0041\", \"t\": true, \"n\": null, \"o\": {}}");
        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get("a")).isEqualTo(List.of(1.0, 2.5, -300.0));
        assertThat(m.get("s")).isEqualTo("x\n\"yA");
        assertThat(m.get("t")).isEqualTo(true);
        assertThat(m.containsKey("n")).isTrue();
        assertThat(m.get("n")).isNull();
        assertThat(m.get("o")).isEqualTo(Map.of());
    }

    @Test
    void roundTripsJsonStr() {
        String nasty = "tab\t quote\" back\\ ctl\u0001 nl\n";
        assertThat(MiniJson.parse(Json.str(nasty))).isEqualTo(nasty);
    }

    @Test
    void rejectsMalformedInput() {
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\" 1}", "\"open", "tru", "1 2", "[".repeat(100)}) {
            assertThatThrownBy(() -> MiniJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("JSON: ");
        }
    }
}
