package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * convert -B writes only what differs from the given backing file: clusters equal to the backing
 * stay unallocated in the output, which then has that backing file.
 */
@IoTest(number = 43, title = "convert -B keeps clusters equal to the backing unallocated",
        groups = {"backing", "convert", "auto", "quick"}, formats = {"qcow2"})
final class T043 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        String out = t.testImg() + ".out";
        t.img("create", "-f", "qcow2", base, "1M");
        t.io("-c", "write -P 0x43 0 512k", base);
        t.makeTestImg("1M", "-b", base, "-F", "qcow2");
        t.ioCmds("write -P 0x44 128k 64k", "write -z 256k 64k", "write -P 0x45 768k 4k");
        t.img("convert", "-O", "qcow2", "-B", base, "-F", "qcow2", t.testImg(), out);
        t.img("map", "--output=json", out);
        t.img("compare", t.testImg(), out);
        t.echoFiltered(t.imgQuiet("info", out).merged(),
                s -> s.lines().filter(l -> l.startsWith("backing"))
                      .map(l -> l + "\n").reduce("", String::concat));
        t.echo("=== without -B everything is allocated ===");
        t.img("convert", "-O", "qcow2", t.testImg(), out);
        t.img("map", "--output=json", out);
    }
}
