package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * convert of the top of a three-image chain produces one standalone image with the merged content
 * (top wins over mid wins over base); compare confirms equality and info shows no backing file.
 */
@IoTest(number = 42, title = "convert merges a backing chain into a standalone image",
        groups = {"backing", "convert", "auto", "quick"}, formats = {"qcow2"})
final class T042 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        String mid = t.testImg() + ".mid";
        t.img("create", "-f", "qcow2", base, "1M");
        t.io("-c", "write -P 0x01 0 1M", base);
        t.img("create", "-f", "qcow2", "-b", base, "-F", "qcow2", mid, "1M");
        t.io("-c", "write -P 0x02 256k 512k", mid);
        t.makeTestImg("1M", "-b", mid, "-F", "qcow2");
        t.ioCmds("write -P 0x03 512k 128k", "write -z 0 64k");
        for (String ofmt : new String[] {"qcow2", "raw"}) {
            String out = t.path("merged." + ofmt).toString();
            t.echo("=== to " + ofmt + " ===");
            t.img("convert", "-O", ofmt, t.testImg(), out);
            t.io("-f", ofmt, "-c", "read -P 0 0 64k", "-c", "read -P 0x01 64k 192k",
                 "-c", "read -P 0x02 256k 256k", "-c", "read -P 0x03 512k 128k",
                 "-c", "read -P 0x02 640k 128k", "-c", "read -P 0x01 768k 256k", out);
            t.img("compare", "-f", "qcow2", "-F", ofmt, t.testImg(), out);
            t.echoFiltered(t.imgQuiet("info", "-f", ofmt, out).merged(),
                    s -> s.lines().filter(l -> l.startsWith("backing") || l.startsWith("virtual"))
                          .map(l -> l + "\n").reduce("", String::concat));
        }
        t.img("map", "--output=json", t.path("merged.qcow2").toString());
    }
}
