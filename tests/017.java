package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Requests touching the end of the image: the last byte works, anything beyond fails with EIO. */
@IoTest(number = 17, title = "requests at and past the end of the image",
        groups = {"rw", "io", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T017 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.echo("=== at the end ===");
        t.ioCmds("write -P 0x42 1048064 512", "read -P 0x42 1048064 512",
                 "write -P 0x43 1048575 1", "read -P 0x43 1048575 1", "length");
        t.echo("=== straddling the end ===");
        t.echo("rc=" + t.ioCmds("read 1048064 1024"));
        t.echo("rc=" + t.ioCmds("write -P 0x44 1048575 2"));
        t.echo("rc=" + t.ioCmds("write -z 1048064 1024"));
        t.echo("=== entirely past the end ===");
        t.echo("rc=" + t.ioCmds("read 1M 512"));
        t.echo("rc=" + t.ioCmds("write 4M 512"));
        t.echo("rc=" + t.ioCmds("writev 1M 512 512"));
        t.echo("rc=" + t.ioCmds("readv 2M 512"));
        t.echo("=== the end was not modified ===");
        t.ioCmds("read -P 0x42 1048064 511", "read -P 0x43 1048575 1");
    }
}
