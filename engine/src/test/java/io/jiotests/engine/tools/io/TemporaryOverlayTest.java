package io.jiotests.engine.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-io -s and open -s: writes, zero writes and discards go to a temporary overlay, read back
 * through it, and leave the image byte for byte as it was; the output is the reference qemu-io's.
 */
class TemporaryOverlayTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"raw", "qcow2"})
    void writesNeverReachTheImage(String fmt) throws Exception {
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", fmt, "t.img", "1M")
                .directory(dir.toFile()).start();
        assertThat(p.waitFor()).isZero();
        assertThat(IoRun.qemu(dir, List.of("-f", fmt, "-c", "write -q -P 0x21 0 1M", "t.img")).exit()).isZero();
        byte[] before = Files.readAllBytes(dir.resolve("t.img"));
        List<String> args = List.of("-s", "-f", fmt, "-c", "write -P 0x22 0 64k", "-c", "write -z 64k 64k",
                "-c", "discard 128k 64k", "-c", "read -P 0x22 0 64k", "-c", "read -P 0 64k 64k",
                "-c", "read -P 0x21 192k 832k", "-c", "flush", "t.img");
        IoRun.Result ours = IoRun.java(dir, args).filtered();
        assertThat(Files.readAllBytes(dir.resolve("t.img"))).isEqualTo(before);
        IoRun.Result ref = IoRun.qemu(dir, args).filtered();
        assertThat(ours).isEqualTo(ref);
        assertThat(ours.stdout()).doesNotContain("Pattern verification failed");

        List<String> inner = List.of("-c", "open -s -o driver=" + fmt + " t.img", "-c", "write -P 0x23 0 512",
                "-c", "read -P 0x23 0 512", "-c", "close", "-c", "open -o driver=" + fmt + " t.img",
                "-c", "read -P 0x21 0 512");
        IoRun.Result ours2 = IoRun.java(dir, inner).filtered();
        assertThat(Files.readAllBytes(dir.resolve("t.img"))).isEqualTo(before);
        assertThat(ours2).isEqualTo(IoRun.qemu(dir, inner).filtered());
    }
}
