package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** A 5 TiB image: writes at its start, above 4 GiB and at its last cluster stay sparse and readable. */
@IoTest(number = 18, title = "5 TiB sparse image: I/O at high offsets, map and info",
        groups = {"rw", "io", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T018 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("5T");
        t.ioCmds("write -P 0x01 0 64k",
                 "write -P 0x02 4294967296 64k",
                 "write -P 0x03 4398046511104 4k",
                 "write -P 0x04 5497558073344 64k",
                 "length");
        t.ioCmds("read -P 0x01 0 64k",
                 "read -P 0x02 4294967296 64k",
                 "read -P 0 4294967296000 64k",
                 "read -P 0x03 4398046511104 4k",
                 "read -P 0x04 5497558073344 64k");
        t.img("map", "--output=json", "-f", t.fmt(), t.testImg());
        // raw: the apparent size is the virtual size; qcow2: only metadata and four clusters
        t.echo("file size " + t.fileSize(t.path("t." + t.fmt())));
    }
}
