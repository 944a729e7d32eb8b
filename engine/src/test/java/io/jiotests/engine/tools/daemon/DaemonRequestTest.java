package io.jiotests.engine.tools.daemon;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The daemon's request format (what engine/src/main/c/jqemu_client.c sends): parsed, and refused when malformed. */
class DaemonRequestTest {

    private static byte[] body(String... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String p : parts) {
            b.writeBytes(p.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return b.toByteArray();
    }

    private static DaemonRequest parse(byte[] b) throws DaemonRequest.Malformed {
        return DaemonRequest.parse(b, b.length);
    }

    @Test
    void parsesToolCwdArgumentsAndEnvironment() throws Exception {
        DaemonRequest r = parse(body("JQD1", "qemu-img", "/tmp/w", "3", "info", "--output=json", "", "A=1", "B=x=y",
                "A=2", "NOEQUALS", "=empty"));
        assertThat(r.tool()).isEqualTo("qemu-img");
        assertThat(r.cwd()).isEqualTo("/tmp/w");
        assertThat(r.args()).containsExactly("info", "--output=json", "");
        // getenv's answer is the first definition; entries without a name are dropped
        assertThat(r.env()).containsExactly(java.util.Map.entry("A", "1"), java.util.Map.entry("B", "x=y"));
    }

    @Test
    void argumentsMayBeUtf8AndEmpty() throws Exception {
        DaemonRequest r = parse(body("JQD1", "qemu-io", "/", "2", "-c", "write -P 0x5a 0 512 # \u00e9\u4e2d"));
        assertThat(r.args()).containsExactly("-c", "write -P 0x5a 0 512 # \u00e9\u4e2d");
        assertThat(r.env()).isEmpty();
        assertThat(parse(body("JQD1", "qemu-img", "/", "0")).args()).isEmpty();
    }

    @Test
    void qemuIoWithoutCommandsIsLeftToTheClient() throws Exception {
        assertThat(ToolDaemon.readsStandardInput(parse(body("JQD1", "qemu-io", "/", "1", "t.qcow2")))).isTrue();
        assertThat(ToolDaemon.readsStandardInput(parse(body("JQD1", "qemu-io", "/", "2", "-r", "t.qcow2")))).isTrue();
        assertThat(ToolDaemon.readsStandardInput(parse(body("JQD1", "qemu-io", "/", "3", "-c", "read 0 1", "t")))).isFalse();
        assertThat(ToolDaemon.readsStandardInput(parse(body("JQD1", "qemu-io", "/", "2", "--cmd=read 0 1", "t")))).isFalse();
        assertThat(ToolDaemon.readsStandardInput(parse(body("JQD1", "qemu-img", "/", "1", "info")))).isFalse();
    }

    @Test
    void refusesMalformedRequests() {
        for (byte[] b : List.of(
                body("JQD2", "qemu-img", "/", "0"),                 // another protocol version
                body("JQD1", "qemu-img", "/"),                      // no argument count
                body("JQD1", "qemu-img", "/", "x"),                 // not a number
                body("JQD1", "qemu-img", "/", "-1"),
                body("JQD1", "qemu-img", "/", "2", "info"),         // fewer arguments than counted
                body("JQD1", "qemu-img", "relative", "0"),          // cwd must be absolute
                "JQD1\0qemu-img\0/\0000".getBytes(StandardCharsets.UTF_8), // no final NUL
                new byte[0])) {
            assertThatThrownBy(() -> parse(b)).isInstanceOf(DaemonRequest.Malformed.class);
        }
        byte[] ok = body("JQD1", "qemu-img", "/", "0");
        assertThatThrownBy(() -> DaemonRequest.parse(ok, ok.length + 1)).isInstanceOf(DaemonRequest.Malformed.class);
        assertThatThrownBy(() -> DaemonRequest.parse(ok, -1)).isInstanceOf(DaemonRequest.Malformed.class);
    }

    /** Whatever bytes arrive, parsing either yields a request or refuses it: nothing else escapes. */
    @Property(tries = 2000)
    void arbitraryBytesAreParsedOrRefused(@ForAll @Size(max = 200) byte[] junk, @ForAll boolean withHeader) {
        byte[] b = junk;
        if (withHeader) {
            byte[] head = body("JQD1", "qemu-img", "/");
            b = new byte[head.length + junk.length];
            System.arraycopy(head, 0, b, 0, head.length);
            System.arraycopy(junk, 0, b, head.length, junk.length);
        }
        try {
            DaemonRequest r = DaemonRequest.parse(b, b.length);
            assertThat(r.cwd()).startsWith("/");
            assertThat(r.args().size() + r.env().size()).isLessThanOrEqualTo(b.length);
        } catch (DaemonRequest.Malformed expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
