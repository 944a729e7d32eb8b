package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Zero writes (write -z, with and without unmap) over data and holes, read back and mapped. */
@IoTest(number = 4, title = "zero writes", groups = {"quick", "auto", "rw", "zero"}, formats = {"generic"})
final class T004 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        t.makeTestImg("2M");
        t.echo("=== fill, then zero parts of it ===");
        t.ioCmds("write -P 0xcd 0 1M");
        t.ioCmds("write -z 64k 64k", "write -z -u 256k 128k", "write -z 4097 1000");
        t.ioCmds("read -P 0xcd 0 4097", "read -P 0 4097 1000", "read -P 0xcd 5097 60439",
                "read -P 0 64k 64k", "read -P 0xcd 128k 128k", "read -P 0 256k 128k", "read -P 0xcd 384k 640k");
        t.echo("");
        t.echo("=== zero an area that was never written ===");
        t.ioCmds("write -z 1536k 256k", "read -P 0 1M 1M");
        t.echo("");
        t.echo("=== zero across the end of the data ===");
        t.ioCmds("write -z 960k 128k", "read -P 0xcd 896k 64k", "read -P 0 960k 128k");
        t.echo("");
        t.echo("=== allocation after zeroing ===");
        t.img("map", "--output=json", "-f", t.fmt(), t.testImg());
    }
}
