package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** amend -o size resizes a qcow2 image (grow, shrink of an unused tail, refusals with snapshots or data). */
@IoTest(number = 113, title = "amend -o size",
        groups = {"amend", "resize", "auto", "quick"}, formats = {"qcow2"})
final class T113 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -q -P 0x13 0 512k");
        t.echo("grow: rc=" + t.img("amend", "-o", "size=4M", t.testImg()));
        t.ioCmds("length", "read -P 0x13 0 512k", "read -P 0 512k 3584k");
        t.echo("shrink: rc=" + t.img("amend", "-o", "size=512k", t.testImg()));
        t.ioCmds("length", "read -P 0x13 0 512k");
        t.img("check", t.testImg());
        t.img("snapshot", "-c", "s", t.testImg());
        t.echo("with a snapshot, grow: rc=" + t.img("amend", "-o", "size=2M", t.testImg()));
        t.echo("with a snapshot, shrink: rc=" + t.img("amend", "-o", "size=256k", t.testImg()));
        t.ioCmds("length");
        t.img("check", t.testImg());
    }
}
