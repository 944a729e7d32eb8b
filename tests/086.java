package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * I/O basics on every other writable format: patterns across the image, unaligned requests,
 * zero writes, discard and requests past the end behave like raw from the guest's point of view.
 */
@IoTest(number = 86, title = "I/O basics on qed, vmdk, vdi, vpc, vhdx, parallels",
        groups = {"rw", "io", "formats", "auto", "quick"},
        formats = {"qed", "vmdk", "vdi", "vpc", "vhdx", "parallels"})
final class T086 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("4M");
        for (int i = 0; i < 4; i++) {
            t.ioCmds(String.format("write -q -P 0x%x %dM 1M", 0x10 + i, i));
        }
        t.ioCmds("read -P 0x10 0 1M", "read -P 0x11 1M 1M", "read -P 0x12 2M 1M", "read -P 0x13 3M 1M");
        t.echo("=== unaligned ===");
        t.ioCmds("write -P 0x21 1 511", "write -P 0x22 65533 7", "write -P 0x23 1048575 2",
                 "read -v 0 4", "read -v 65532 9", "read -P 0x23 1048575 2", "read -P 0x10 2 510");
        t.echo("=== zero writes and discard ===");
        t.ioCmds("write -z 1M 1M", "discard 2M 1M", "read -P 0 1M 1M", "read -P 0x13 3M 1M");
        t.echo("=== vectored and async ===");
        t.ioCmds("writev -P 0x31 512k 4k 60k", "readv -P 0x31 512k 32k 32k",
                 "aio_write -q -P 0x32 3M 64k", "aio_flush", "read -P 0x32 3M 64k");
        t.echo("=== past the end ===");
        t.echo("rc=" + t.ioCmds("read 8M 512"));
        t.echo("rc=" + t.ioCmds("write 8M 512"));
        t.ioCmds("read -P 0x10 4k 508k", "read -P 0x13 3136k 960k");
    }
}
