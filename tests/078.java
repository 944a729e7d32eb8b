package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qemu-img measure: for a size alone (--size) and for an existing image, into qcow2 and raw, with
 * cluster size and preallocation options, human and JSON, and its argument errors.
 */
@IoTest(number = 78, title = "measure",
        groups = {"img", "measure", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T078 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.img("measure", "--size", "1G", "-O", "qcow2");
        t.img("measure", "--size", "1G", "-O", "qcow2", "-o", "cluster_size=4k");
        t.img("measure", "--size", "1G", "-O", "qcow2", "-o", "preallocation=metadata");
        t.img("measure", "--size", "1G", "-O", "raw");
        t.img("measure", "--size", "1T", "-O", "qcow2", "--output=json");
        t.echo("=== an existing image ===");
        t.makeTestImg("64M");
        t.ioCmds("write -P 0x78 0 1M", "write -P 0x79 32M 4M");
        t.img("measure", "-f", f, "-O", "qcow2", t.testImg());
        t.img("measure", "-f", f, "-O", "raw", "--output=json", t.testImg());
        t.img("measure", "-f", f, "-O", "qcow2", "-o", "cluster_size=2M", t.testImg());
        t.echo("=== errors ===");
        t.echo("rc=" + t.img("measure", "--size", "1G"));
        t.echo("rc=" + t.img("measure", "-O", "qcow2"));
        t.echo("rc=" + t.img("measure", "--size", "1G", "-O", "qcow2", t.testImg()));
        t.echo("rc=" + t.img("measure", "--size", "-1", "-O", "qcow2"));
        t.echo("rc=" + t.img("measure", "--size", "1G", "-O", "nosuchfmt"));
    }
}
