package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Backing files of a different size: an overlay larger than its backing reads zeros past the
 * backing's end (and commit grows the backing to the overlay's size), a smaller overlay hides the backing's tail; create
 * without a size takes the backing's size.
 */
@IoTest(number = 112, title = "backing files larger and smaller than the overlay",
        groups = {"backing", "auto", "quick"}, formats = {"qcow2"})
final class T112 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        t.img("create", "-q", "-f", "qcow2", base, "1M");
        t.io("-c", "write -q -P 0x12 0 1M", base);
        t.echo("=== larger overlay ===");
        t.makeTestImg("2M", "-b", base, "-F", "qcow2");
        t.ioCmds("read -P 0x12 0 1M", "read -P 0 1M 1M", "write -P 0x13 1020k 8k", "map");
        t.echo("commit: rc=" + t.img("commit", t.testImg()));
        t.io("-c", "length", "-c", "read -P 0x13 1020k 4k", base);
        t.echo("=== smaller overlay ===");
        t.makeTestImg("512k", "-b", base, "-F", "qcow2");
        t.ioCmds("length", "read -P 0x12 0 512k");
        t.echo("rc=" + t.ioCmds("read 512k 512"));
        t.echo("=== size taken from the backing file ===");
        t.makeTestImg(null, "-b", base, "-F", "qcow2");
        t.ioCmds("length");
    }
}
