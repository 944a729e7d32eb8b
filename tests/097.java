package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Compressed writes must cover whole clusters (except at the image end) and cannot go through
 * a partial cluster; rewriting an already allocated cluster compressed is refused (EIO) and leaves
 * the old data in place.
 */
@IoTest(number = 97, title = "restrictions of compressed writes",
        groups = {"compress", "rw", "auto", "quick"}, formats = {"qcow2"})
final class T097 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1000k");
        t.echo("rc=" + t.ioCmds("write -c -P 0x97 512 4k"));
        t.echo("rc=" + t.ioCmds("write -c -P 0x97 0 4k"));
        t.echo("rc=" + t.ioCmds("write -c -P 0x97 0 128k"));
        t.echo("rc=" + t.ioCmds("write -c -P 0x98 960k 40k"));
        t.echo("rc=" + t.ioCmds("write -P 0x99 128k 64k", "write -c -P 0x9a 128k 64k"));
        t.ioCmds("read -P 0x97 0 128k", "read -P 0x9a 128k 64k", "read -P 0x98 960k 40k");
        t.img("map", "--output=json", t.testImg());
        t.img("check", t.testImg());
        t.echo("=== raw has no compression ===");
        String raw = t.path("r.raw").toString();
        t.img("create", "-q", "-f", "raw", raw, "1M");
        t.echo("rc=" + t.io("-f", "raw", "-c", "write -c 0 64k", raw));
    }
}
