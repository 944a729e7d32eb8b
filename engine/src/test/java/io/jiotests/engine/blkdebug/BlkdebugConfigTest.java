package io.jiotests.engine.blkdebug;

import io.jiotests.engine.block.BlockException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules-file parser and rule construction, with the error texts qemu-io 7.2 prints. */
class BlkdebugConfigTest {

    @Test
    void parsesGroupsCommentsAndIndentedAssignments() throws BlockException {
        List<BlkdebugConfig.Group> groups = BlkdebugConfig.parse("""
                # a comment

                [inject-error]
                  event = "l2_load"
                \terrno = "28"
                once = "on"
                [set-state]
                event = "read_aio"
                state = "1"
                new_state = "2"
                """);
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).name()).isEqualTo("inject-error");
        assertThat(groups.get(0).options()).containsExactly(Map.entry("event", "l2_load"),
                Map.entry("errno", "28"), Map.entry("once", "on"));
        BlkdebugRule err = BlkdebugRule.fromGroup(groups.get(0));
        assertThat(err.action()).isEqualTo(BlkdebugRule.Action.INJECT_ERROR);
        assertThat(err.errno()).isEqualTo(28);
        assertThat(err.once()).isTrue();
        assertThat(err.offset()).isEqualTo(-1);
        BlkdebugRule set = BlkdebugRule.fromGroup(groups.get(1));
        assertThat(set.action()).isEqualTo(BlkdebugRule.Action.SET_STATE);
        assertThat(set.state()).isEqualTo(1);
        assertThat(set.newState()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[bogus]\\nevent = \"l2_load\"\\n|There is no option group 'bogus'",
        "garbage\\n|no group defined",
        "[inject-error]\\nevent = \"l2_load\"\\nfoo = \"1\"\\n|Invalid parameter 'foo'",
        "[inject-error]\\nevent=\"read_aio\"\\n|Invalid parameter 'event=\"read_aio\"'",
        "[inject-error]\\nerrno = \"abc\"\\n|Parameter 'errno' expects a number",
        "[inject-error]\\nonce = \"maybe\"\\n|Parameter 'once' expects 'on' or 'off'",
        "[inject-error]\\n   \\n|parse error",
    })
    void syntaxErrorsHaveQemuTexts(String text, String message) {
        assertThatThrownBy(() -> BlkdebugConfig.parse(text.replace("\\n", "\n")))
                .isInstanceOf(BlockException.class).hasMessage(message);
    }

    @Test
    void unterminatedGroupKeepsTheNewlineInItsName() {
        assertThatThrownBy(() -> BlkdebugConfig.parse("[inject-error\nevent = \"l2_load\"\n"))
                .hasMessage("There is no option group 'inject-error\n'");
    }

    @Test
    void ruleErrors() throws BlockException {
        assertThatThrownBy(() -> BlkdebugRule.fromGroup(BlkdebugConfig.parse("[inject-error]\nerrno = \"5\"\n").get(0)))
                .hasMessage("Missing event name for rule");
        assertThatThrownBy(() -> BlkdebugRule.fromGroup(BlkdebugConfig.parse("[inject-error]\nevent = \"foo\"\n").get(0)))
                .hasMessage("invalid parameter value: foo");
        // an unquoted value reads as the empty string
        assertThatThrownBy(() -> BlkdebugRule.fromGroup(BlkdebugConfig.parse("[inject-error]\nevent = l2_load\n").get(0)))
                .hasMessage("invalid parameter value: ");
        assertThatThrownBy(() -> BlkdebugRule.fromGroup(
                BlkdebugConfig.parse("[inject-error]\nevent = \"l2_load\"\niotype = \"bogus\"\n").get(0)))
                .hasMessage("invalid parameter value: bogus");
        BlkdebugRule r = BlkdebugRule.fromGroup(
                BlkdebugConfig.parse("[inject-error]\nevent = \"write_aio\"\nsector = \"8\"\niotype = \"write\"\n").get(0));
        assertThat(r.offset()).isEqualTo(4096);
        assertThat(r.hits(0, 4096, BlkdebugRule.IoType.WRITE)).isFalse();
        assertThat(r.hits(4096, 512, BlkdebugRule.IoType.WRITE)).isTrue();
        assertThat(r.hits(4096, 512, BlkdebugRule.IoType.READ)).isFalse();
    }

    @Test
    void dottedOptionsBecomeGroupsInIndexOrder() throws BlockException {
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("inject-error.1.event", "read_aio");
        opts.put("inject-error.0.event", "l2_load");
        opts.put("inject-error.0.once", "on");
        opts.put("set-state.0.event", "l2_load");
        opts.put("set-state.0.new_state", "3");
        opts.put("align", "4096");
        List<BlkdebugConfig.Group> groups = BlkdebugConfig.fromOptions(opts);
        assertThat(groups).extracting(BlkdebugConfig.Group::name)
                .containsExactly("inject-error", "inject-error", "set-state");
        assertThat(groups.get(0).options()).containsEntry("event", "l2_load").containsEntry("once", "on");
        assertThat(groups.get(1).options()).containsEntry("event", "read_aio");
        assertThatThrownBy(() -> BlkdebugConfig.fromOptions(Map.of("inject-error.0.bogus", "1")))
                .hasMessage("Invalid parameter 'bogus'");
    }
}
