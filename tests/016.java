package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Asynchronous requests: several in flight at once, then a flush; overlapping writes ordered by
 * aio_flush must leave the later data; overlapping reads in flight together see the same data.
 */
@IoTest(number = 16, title = "aio_read/aio_write with overlapping requests and aio_flush",
        groups = {"rw", "io", "aio", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T016 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("2M");
        t.echo("=== disjoint writes in flight together ===");
        t.ioCmds("aio_write -q -P 0x01 0 64k",
                 "aio_write -q -P 0x02 64k 64k",
                 "aio_write -q -P 0x03 192k 4k",
                 "aio_write -q -P 0x04 1M 1M",
                 "aio_flush",
                 "read -P 0x01 0 64k",
                 "read -P 0x02 64k 64k",
                 "read -P 0 128k 64k",
                 "read -P 0x03 192k 4k",
                 "read -P 0x04 1M 1M");
        t.echo("=== overlapping writes separated by aio_flush ===");
        t.ioCmds("aio_write -q -P 0x11 32k 64k",
                 "aio_flush",
                 "aio_write -q -P 0x12 48k 8k",
                 "aio_flush",
                 "aio_write -q -P 0x13 90k 100k",
                 "aio_flush",
                 "read -P 0x01 0 32k",
                 "read -P 0x11 32k 16k",
                 "read -P 0x12 48k 8k",
                 "read -P 0x11 56k 34k",
                 "read -P 0x13 90k 100k");
        t.echo("=== overlapping reads in flight together ===");
        t.ioCmds("aio_read -q -P 0x11 32k 16k",
                 "aio_read -q -P 0x12 48k 8k",
                 "aio_read -q -P 0x04 1M 512k",
                 "aio_read -q -P 0x04 1280k 512k",
                 "aio_flush",
                 "aio_read -q -P 0x99 0 512",
                 "aio_flush");
    }
}
