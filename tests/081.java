package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Persistent dirty bitmaps: bitmap --add/--disable/--enable/--clear/--remove/--merge as shown by info,
 * writes recorded only while enabled, and convert --bitmaps carrying them to a new qcow2 image.
 */
@IoTest(number = 81, title = "bitmap subcommand and convert --bitmaps",
        groups = {"img", "bitmap", "convert", "auto", "quick"}, formats = {"qcow2"})
final class T081 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("4M");
        t.img("bitmap", "--add", t.testImg(), "b1");
        t.img("bitmap", "--add", "-g", "128k", t.testImg(), "b2");
        t.img("bitmap", "--add", "--disable", t.testImg(), "b3");
        t.ioCmds("write -P 0x81 0 64k", "write -P 0x82 1M 300k");
        t.imgInfo();
        t.img("bitmap", "--disable", t.testImg(), "b1");
        t.img("bitmap", "--enable", t.testImg(), "b3");
        t.img("bitmap", "--clear", t.testImg(), "b2");
        t.img("bitmap", "--merge", "b1", t.testImg(), "b3");
        t.imgInfo("--output=json");
        t.img("check", t.testImg());
        t.echo("=== convert --bitmaps ===");
        String out = t.path("out.qcow2").toString();
        t.img("convert", "--bitmaps", "-O", "qcow2", t.testImg(), out);
        t.echoFiltered(t.imgQuiet("info", out).stdout(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.img("check", out);
        t.echo("=== remove, errors ===");
        t.img("bitmap", "--remove", t.testImg(), "b2");
        t.echo("rc=" + t.img("bitmap", "--remove", t.testImg(), "b2"));
        t.echo("rc=" + t.img("bitmap", "--add", t.testImg(), "b1"));
        t.echo("rc=" + t.img("bitmap", "--add", "-g", "1000", t.testImg(), "b9"));
        t.echo("rc=" + t.img("bitmap", t.testImg(), "b1"));
        t.echo("rc=" + t.img("convert", "--bitmaps", "-O", "raw", t.testImg(), t.path("out.raw").toString()));
        t.imgInfo();
    }
}
