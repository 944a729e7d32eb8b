package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-io read/write options: -s/-l pattern sub-ranges, write -s from a file, -f (FUA), -q. */
@IoTest(number = 110, title = "qemu-io read and write options",
        groups = {"io", "rw", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T110 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        byte[] src = new byte[4096];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 7);
        }
        java.nio.file.Files.write(t.path("src.bin"), src);
        t.ioCmds("write -s " + t.path("src.bin") + " 8k 4k", "read -v 8k 32", "read -v 12256 32");
        t.ioCmds("write -P 0x10 0 4k", "write -P 0x11 1k 1k", "read -P 0x11 -s 1k -l 1k 0 4k",
                 "read -P 0x10 -s 0 -l 1k 0 4k", "read -P 0x10 -s 1k -l 1k 0 4k");
        t.ioCmds("write -f -P 0x12 16k 4k", "write -q -P 0x13 20k 4k", "read -q -P 0x13 20k 4k",
                 "read -P 0x12 16k 4k");
        t.echo("rc=" + t.ioCmds("write -s " + t.path("missing.bin") + " 0 4k"));
        t.echo("rc=" + t.ioCmds("write -P 0x10 -z 0 4k"));
        t.echo("rc=" + t.ioCmds("read -l 4k 0 512"));
        t.echo("rc=" + t.ioCmds("write -P 300 0 512"));
    }
}
