package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** A zero-size image through create, info, check, map, qemu-io, compare, convert, resize, measure, dd. */
@IoTest(number = 62, title = "a zero-size image through every subcommand",
        groups = {"img", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T062 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.makeTestImg("0");
        t.imgInfo();
        t.echo("check: rc=" + t.img("check", "-f", f, t.testImg()));
        t.echo("map: rc=" + t.img("map", "--output=json", "-f", f, t.testImg()));
        t.ioCmds("length", "read 0 0", "write 0 0", "map");
        t.echo("read 0 1: rc=" + t.ioCmds("read 0 1"));
        String copy = t.path("copy." + f).toString();
        t.echo("convert: rc=" + t.img("convert", "-f", f, "-O", f, t.testImg(), copy));
        t.echo("compare: rc=" + t.img("compare", "-f", f, "-F", f, t.testImg(), copy));
        t.echo("measure: rc=" + t.img("measure", "-O", "qcow2", "-f", f, t.testImg()));
        t.echo("dd: rc=" + t.img("dd", "-f", f, "-O", "raw", "if=" + t.testImg(), "of=" + t.path("dd.raw")));
        t.echo("dd size " + t.fileSize(t.path("dd.raw")));
        t.echo("resize: rc=" + t.img("resize", "-f", f, t.testImg(), "64k"));
        t.ioCmds("length", "read -P 0 0 64k");
        t.echo("shrink: rc=" + t.img("resize", "-f", f, "--shrink", t.testImg(), "0"));
        t.imgInfo();
    }
}
