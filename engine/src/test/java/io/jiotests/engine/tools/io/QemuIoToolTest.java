package io.jiotests.engine.tools.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets qemu-io's message and exit status, never a stack trace: each case runs the
 * reference qemu-io and jqemu-io on their own copy of the same image and compares everything.
 */
class QemuIoToolTest {
    @TempDir
    Path dir;

    private void same(String... args) throws IOException, InterruptedException {
        byte[] initial = new byte[64 * 1024];
        initial[4096] = 7;
        Files.write(dir.resolve("q.img"), initial);
        Files.write(dir.resolve("j.img"), initial);
        List<String> q = java.util.Arrays.stream(args).map(a -> a.replace("IMG", "q.img")).toList();
        List<String> j = java.util.Arrays.stream(args).map(a -> a.replace("IMG", "j.img")).toList();
        IoRun.Result want = IoRun.qemu(dir, q).filtered();
        IoRun.Result got = IoRun.java(dir, j).filtered();
        assertThat(got.stdout().replace("j.img", "q.img")).as("stdout").isEqualTo(want.stdout());
        assertThat(got.stderr().replace("j.img", "q.img")).as("stderr").isEqualTo(want.stderr());
        assertThat(got.exit()).as("exit status").isEqualTo(want.exit());
        assertThat(got.stdout() + got.stderr()).doesNotContain("Exception", "\tat ");
        assertThat(Files.readAllBytes(dir.resolve("j.img"))).isEqualTo(Files.readAllBytes(dir.resolve("q.img")));
    }

    @Test
    void missingFile() throws Exception {
        same("-c", "read 0 512", "nofile");
        same("-f", "raw", "-c", "length", "nofile");
    }

    @Test
    void unknownFormatAndProtocol() throws Exception {
        same("-f", "foo", "-c", "read 0 512", "IMG");
        same("-c", "read 0 512", "foo:bar");
        same("--image-opts", "-c", "length", "driver=raw,file.driver=foo,file.filename=IMG");
    }

    @Test
    void badOptions() throws Exception {
        same("-Z", "IMG");
        same("-t", "bogus", "-c", "length", "IMG");
        same("-d", "bogus", "-c", "length", "IMG");
        same("-i", "bogus", "-c", "length", "IMG");
        same("--image-opts", "-f", "raw", "-c", "length", "IMG");
        same("-U", "-f", "raw", "-c", "length", "IMG");
        same("-f", "raw", "-c", "length", "IMG", "extra");
        same("--image-opts", "-c", "length", "driver=raw,file.filename=IMG,bogus=1");
        same("--image-opts", "-c", "length", "driver=raw,file.filename=IMG,size=1000");
        same("-c", "length", "json:{\"driver\":\"raw\"");
    }

    @Test
    void badCommands() throws Exception {
        same("-f", "raw", "-c", "foo", "-c", "read", "-c", "read 0 1 2", "-c", "read -x 0 1", "-c", "read 0 x",
                "-c", "read 0 3G", "-c", "alloc", "-c", "write -P 300 0 1", "-c", "write -u 0 1",
                "-c", "help foo", "-c", "truncate -m foo 1M", "-c", "open IMG", "IMG");
        same("-c", "length");
    }

    @Test
    void requestsPastTheEnd() throws Exception {
        same("-f", "raw", "-c", "read 65536 1", "-c", "read 65535 2", "-c", "write 65000 1000",
                "-c", "write -z 65535 2", "-c", "discard 65535 2", "-c", "read 9223372036854775807 512",
                "-c", "aio_write 1M 1", "-c", "aio_flush", "-c", "alloc 60k 8k", "IMG");
    }

    @Test
    void readOnlyImage() throws Exception {
        same("-f", "raw", "-r", "-c", "write 0 1", "-c", "discard 0 1", "-c", "truncate 1M", "-c", "read 0 1", "IMG");
    }

    @Test
    void unalignedRequestsUnderODirectAreBouncedAsQemuDoes() throws Exception {
        same("-f", "raw", "-t", "none", "-c", "read 1 512", "-c", "write -P 5 3 5000", "-c", "read -P 5 3 5000",
                "-c", "write -z 7 9000", "-c", "read -P 0 7 9000", "-c", "discard 1 4097", "IMG");
    }

    @Test
    void probedRawIsWarnedAbout() throws Exception {
        same("-c", "write -P 1 512 512", "-c", "read -P 1 512 512", "IMG");
        same("-r", "-c", "read 0 1", "IMG");
    }

    @Test
    void helpTexts() throws Exception {
        same("-c", "help");
        same("-f", "raw", "-c", "help read", "-c", "help write", "-c", "help aio_write", "-c", "help open",
                "-c", "help reopen", "-c", "help map", "IMG");
        same("--help");
    }
}
