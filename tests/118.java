package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-io -d discard modes: with discard=ignore a discard succeeds but keeps the data; unmap frees it. */
@IoTest(number = 118, title = "discard modes ignore and unmap",
        groups = {"discard", "auto", "quick"}, formats = {"qcow2"})
final class T118 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String mode : new String[] {"ignore", "unmap", "off", "on", "bogus"}) {
            t.echo("=== -d " + mode + " ===");
            t.makeTestImg("1M");
            t.ioCmds("write -q -P 0x18 0 256k");
            t.echo("rc=" + t.io("-f", "qcow2", "-d", mode, "-c", "discard 0 128k", "-c", "read -v 0 4", t.testImg()));
            t.img("map", "--output=json", t.testImg());
        }
    }
}
