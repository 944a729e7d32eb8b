package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * convert options: -n into an existing target, -S sparse detection thresholds (0 = fully
 * allocated), -c compressed output, and zero detection turning zero-filled source data into holes.
 */
@IoTest(number = 74, title = "convert -n, -S, -c and zero detection",
        groups = {"convert", "compress", "auto", "quick"}, formats = {"qcow2"})
final class T074 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x74 0 64k", "write -P 0 64k 64k", "write -P 0x75 200k 4k", "write -P 0x76 512k 512k");
        String out = t.path("out.qcow2").toString();
        for (String s : new String[] {"4k", "64k", "0"}) {
            t.echo("=== -S " + s + " ===");
            t.img("convert", "-S", s, "-O", "qcow2", t.testImg(), out);
            t.img("map", "--output=json", out);
            t.img("compare", t.testImg(), out);
        }
        t.echo("=== -c ===");
        t.img("convert", "-c", "-O", "qcow2", t.testImg(), out);
        t.img("check", out);
        t.img("compare", t.testImg(), out);
        t.echo("=== -n into an existing larger image ===");
        t.img("create", "-q", "-f", "qcow2", out, "2M");
        t.io("-c", "write -P 0xee 0 2M", out);
        t.img("convert", "-n", "-O", "qcow2", t.testImg(), out);
        t.io("-c", "read -P 0x74 0 64k", "-c", "read -P 0 64k 64k", "-c", "read -P 0x76 512k 512k",
             "-c", "read -P 0xee 1M 1M", out);
        t.echo("=== -n with a missing target ===");
        t.echo("rc=" + t.img("convert", "-n", "-O", "qcow2", t.testImg(), t.path("missing.qcow2").toString()));
        t.echo("=== -c for raw output ===");
        t.echo("rc=" + t.img("convert", "-c", "-O", "raw", t.testImg(), t.path("out.raw").toString()));
        t.echo("=== bad -S ===");
        t.echo("rc=" + t.img("convert", "-S", "3", "-O", "qcow2", t.testImg(), out));
    }
}
