package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-img amend -o refcount_bits rewrites the refcount structures; data and snapshots survive. */
@IoTest(number = 37, title = "qcow2 amend refcount_bits up and down",
        groups = {"rw", "refcount", "amend", "auto", "quick"}, formats = {"qcow2"})
final class T037 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("4M", "-o", "cluster_size=4k");
        t.ioCmds("write -P 0x37 0 1M");
        t.img("snapshot", "-c", "s1", t.testImg());
        t.ioCmds("write -P 0x38 0 512k");
        for (int bits : new int[] {64, 2, 8, 1, 16}) {
            t.echo("=== amend to refcount_bits=" + bits + " ===");
            t.echo("rc=" + t.img("amend", "-o", "refcount_bits=" + bits, t.testImg()));
            t.img("check", t.testImg());
            t.echoFiltered(t.imgQuiet("info", t.testImg()).merged(),
                    s -> s.lines().filter(l -> l.contains("refcount bits")).map(l -> l + "\n")
                          .reduce("", String::concat));
        }
        t.ioCmds("read -P 0x38 0 512k", "read -P 0x37 512k 512k");
        t.img("snapshot", "-a", "s1", t.testImg());
        t.ioCmds("read -P 0x37 0 1M");
        t.img("check", t.testImg());
    }
}
