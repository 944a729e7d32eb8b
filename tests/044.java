package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qemu-img commit copies the overlay's allocated data into its backing file and then empties the
 * overlay (which keeps reading the same data through its backing).
 */
@IoTest(number = 44, title = "commit an overlay into its backing file",
        groups = {"backing", "commit", "auto", "quick"}, formats = {"qcow2"})
final class T044 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        t.img("create", "-f", "qcow2", base, "1M");
        t.io("-c", "write -P 0x0b 0 1M", base);
        t.makeTestImg("1M", "-b", base, "-F", "qcow2");
        t.ioCmds("write -P 0x0c 0 64k", "write -P 0x0d 100k 1k", "write -z 512k 128k");
        t.img("commit", t.testImg());
        t.io("-c", "read -P 0x0c 0 64k", "-c", "read -P 0x0b 64k 36k", "-c", "read -P 0x0d 100k 1k",
             "-c", "read -P 0x0b 101k 411k", "-c", "read -P 0 512k 128k", "-c", "read -P 0x0b 640k 384k", base);
        t.echo("--- the overlay is empty and still reads the same");
        t.ioCmds("map", "read -P 0x0c 0 64k", "read -P 0 512k 128k");
        t.img("check", base);
        t.img("check", t.testImg());
    }
}
