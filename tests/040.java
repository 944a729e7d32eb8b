package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * A sub-cluster write to an overlay copies the rest of the cluster from the backing file at that
 * moment: later changes to the backing file show through untouched clusters only. With extended L2
 * only the touched subclusters are allocated, so the rest keeps reading through.
 */
@IoTest(number = 40, title = "copy-on-write from backing at cluster and subcluster granularity",
        groups = {"rw", "backing", "extended_l2", "auto", "quick"}, formats = {"qcow2"})
final class T040 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        for (String l2 : new String[] {"off", "on"}) {
            t.echo("=== extended_l2=" + l2 + " ===");
            t.img("create", "-f", "qcow2", base, "1M");
            t.io("-c", "write -P 0xaa 0 1M", base);
            t.makeTestImg("1M", "-b", base, "-F", "qcow2", "-o", "extended_l2=" + l2);
            t.ioCmds("write -P 0x11 70000 1000", "write -P 0x12 4096 2048");
            t.echo("--- change the backing file under the overlay");
            t.io("-c", "write -P 0xbb 0 1M", base);
            t.ioCmds("read -v 4094 4", "read -v 6142 4", "read -v 69998 4", "read -v 70998 4");
            t.ioCmds("read -P 0x12 4096 2048", "read -P 0x11 70000 1000", "read -P 0xbb 128k 896k");
            t.img("map", "--output=json", t.testImg());
            t.img("check", t.testImg());
        }
    }
}
