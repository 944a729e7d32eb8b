package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * A missing backing file: create refuses it unless -u; info still shows the image; opening it for
 * I/O fails with the backing error; -o backing_file to a missing file errors as well.
 */
@IoTest(number = 49, title = "missing backing file",
        groups = {"backing", "auto", "quick"}, formats = {"qcow2"})
final class T049 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String missing = t.path("missing.qcow2").toString();
        t.echo("create: rc=" + t.img("create", "-f", "qcow2", "-b", missing, "-F", "qcow2", t.testImg()));
        t.echo("create -u without size: rc=" + t.img("create", "-f", "qcow2", "-u", "-b", missing, "-F", "qcow2", t.testImg()));
        t.echo("create -u: rc=" + t.img("create", "-q", "-f", "qcow2", "-u", "-b", missing, "-F", "qcow2", t.testImg(), "1M"));
        t.echoFiltered(t.imgQuiet("info", t.testImg()).merged(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.echo("qemu-io: rc=" + t.ioCmds("read 0 512"));
        t.echo("check: rc=" + t.img("check", t.testImg()));
        t.echo("map: rc=" + t.img("map", t.testImg()));
        t.echo("convert: rc=" + t.img("convert", "-O", "raw", t.testImg(), t.path("out.raw").toString()));
        t.echo("=== the backing file appears ===");
        t.img("create", "-q", "-f", "qcow2", missing, "1M");
        t.echo("qemu-io: rc=" + t.ioCmds("read -P 0 0 512"));
    }
}
