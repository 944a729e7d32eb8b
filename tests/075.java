package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * convert refuses to write into its own source (the image lock), prints progress with -p, and
 * accepts several source images concatenated into one target.
 */
@IoTest(number = 75, title = "convert progress, same-file refusal and multiple sources",
        groups = {"convert", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T075 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x75 0 1M");
        t.echo("=== same file ===");
        t.echo("rc=" + t.img("convert", "-f", f, "-O", f, t.testImg(), t.testImg()));
        t.ioCmds("read -P 0x75 0 1M");
        t.echo("=== progress ===");
        String out = t.path("out.raw").toString();
        var r = t.imgQuiet("convert", "-p", "-f", f, "-O", "raw", t.testImg(), out);
        t.echo("rc=" + r.exitCode() + " output: " + r.stdout().replace("\r", "\\r").replace("\n", "\\n"));
        t.echo("=== two sources concatenated ===");
        String second = t.path("second." + f).toString();
        t.makeImg(second, "512k");
        t.io("-f", f, "-c", "write -P 0x76 0 512k", second);
        t.img("convert", "-f", f, "-O", "raw", t.testImg(), second, out);
        t.io("-f", "raw", "-c", "length", "-c", "read -P 0x75 0 1M", "-c", "read -P 0x76 1M 512k", out);
    }
}
