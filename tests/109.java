package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Opening a raw image without -f probes it as raw and restricts writes to its first sector (which
 * could make it look like another format); with -f raw the restriction is gone.
 */
@IoTest(number = 109, title = "probed raw images: the sector 0 write restriction",
        groups = {"io", "probe", "auto", "quick"}, formats = {"raw"})
final class T109 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.echo("probed, data write to sector 0: rc=" + t.io("-c", "write -P 0x09 0 512", t.testImg()));
        t.echo("probed, qcow2 magic to sector 0: rc=" + t.io("-c", "write -P 0x51 0 1", "-c", "write -P 0x46 1 1",
                "-c", "write -P 0x49 2 1", "-c", "write -P 0xfb 3 1", t.testImg()));
        java.nio.file.Path img = java.nio.file.Path.of(t.testImg());
        t.echo(String.format("first bytes 0x%08x", T057.be(t.peek(img, 0, 4), 0, 4)));
        t.echo("probed, write elsewhere: rc=" + t.io("-c", "write -P 0x0a 512 512", t.testImg()));
        t.echo("explicit raw: rc=" + t.io("-f", "raw", "-c", "write -P 0x0b 0 512", t.testImg()));
        t.io("-f", "raw", "-c", "read -P 0x0b 0 512", "-c", "read -P 0x0a 512 512", t.testImg());
    }
}
