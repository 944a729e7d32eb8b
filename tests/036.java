package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Every refcount width 1..64: create, write, snapshot (refcount 2), check; with refcount_bits=1 a
 * snapshot cannot be taken because a refcount of 2 does not fit.
 */
@IoTest(number = 36, title = "qcow2 refcount_bits 1 to 64",
        groups = {"rw", "refcount", "snapshot", "auto", "quick"}, formats = {"qcow2"})
final class T036 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (int bits : new int[] {1, 2, 4, 8, 16, 32, 64}) {
            t.echo("=== refcount_bits=" + bits + " ===");
            t.makeTestImg("1M", "-o", "refcount_bits=" + bits);
            t.ioCmds("write -P 0x36 0 128k");
            t.echo("snapshot rc=" + t.img("snapshot", "-c", "s1", t.testImg()));
            t.ioCmds("write -P 0x37 0 64k", "read -P 0x37 0 64k", "read -P 0x36 64k 64k");
            t.img("check", t.testImg());
        }
        t.echo("=== invalid widths ===");
        t.img("create", "-f", "qcow2", "-o", "refcount_bits=3", t.testImg(), "1M");
        t.img("create", "-f", "qcow2", "-o", "refcount_bits=128", t.testImg(), "1M");
        t.img("create", "-f", "qcow2", "-o", "refcount_bits=2,compat=0.10", t.testImg(), "1M");
    }
}
