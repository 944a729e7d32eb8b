package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A raw file whose length is not a multiple of 512 is usable to its last byte; qemu-img create
 * rounds a requested odd size up to whole sectors.
 */
@IoTest(number = 19, title = "images whose size is not a multiple of 512",
        groups = {"rw", "io", "auto", "quick"}, formats = {"raw"})
final class T019 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        Path odd = t.path("odd.raw");
        byte[] data = new byte[1000];
        java.util.Arrays.fill(data, (byte) 0x6b);
        Files.write(odd, data);
        t.io("-f", "raw", "-c", "length", "-c", "read -P 0x6b 0 1000", "-c", "read -P 0x6b 999 1",
             "-c", "write -P 0x6c 990 10", "-c", "read -P 0x6c 990 10", "-c", "read -P 0x6b 0 990", odd.toString());
        t.echo("rc=" + t.io("-f", "raw", "-c", "read 999 2", odd.toString()));
        t.echo("rc=" + t.io("-f", "raw", "-c", "write 1000 1", odd.toString()));
        t.echo("file size " + t.fileSize(odd));
        t.echoFiltered(t.imgQuiet("info", "-f", "raw", odd.toString()).merged(),
                s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.echo("=== create rounds up ===");
        t.makeTestImg("1000");
        t.echo("file size " + t.fileSize(Path.of(t.testImg())));
        t.ioCmds("length", "write -P 0x01 1023 1", "read -P 0x01 1023 1");
    }
}
