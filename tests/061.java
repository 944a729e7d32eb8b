package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Size limits: qcow2 with 2 MiB clusters accepts 1 EiB and does I/O at its very end, but refuses
 * sizes its L1 table cannot address (2 PiB with 64 KiB clusters, 2 EiB with 2 MiB clusters) and
 * sizes above INT64_MAX.
 */
@IoTest(number = 61, title = "1 EiB images and the maximum image size",
        groups = {"img", "rw", "auto", "quick"}, formats = {"qcow2"})
final class T061 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1E", "-o", "cluster_size=2M");
        t.ioCmds("length", "write -P 0x61 1152921504606781440 64k", "read -P 0x61 1152921504606781440 64k",
                 "read -P 0 576460752303423488 64k");
        t.echo("rc=" + t.ioCmds("read 1152921504606846976 512"));
        t.imgInfo();
        t.img("map", "--output=json", "--start-offset=1152921504602652672", t.testImg());
        t.img("check", t.testImg());
        t.echo("=== too large ===");
        t.echo("rc=" + t.img("create", "-f", "qcow2", t.testImg(), "1E"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", t.testImg(), "2P"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", t.testImg(), "2251799813685249"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-o", "cluster_size=2M", t.testImg(), "2E"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-o", "cluster_size=2M", t.testImg(), "2305843009213693953"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", t.testImg(), "8E"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", t.testImg(), "9223372036854775807"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", t.testImg(), "-1"));
        t.echo("=== resize beyond the limit ===");
        t.makeTestImg("1M");
        t.echo("rc=" + t.img("resize", t.testImg(), "1E"));
        t.echo("rc=" + t.img("resize", t.testImg(), "1P"));
        t.imgInfo();
    }
}
