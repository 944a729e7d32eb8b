package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-img map (human and JSON) and qemu-io map over data, zeroes and holes. */
@IoTest(number = 6, title = "allocation map", groups = {"quick", "auto", "map"}, formats = {"generic"})
final class T006 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        t.makeTestImg("4M");
        t.echo("=== empty image ===");
        t.img("map", "-f", t.fmt(), t.testImg());
        t.img("map", "--output=json", "-f", t.fmt(), t.testImg());
        t.echo("");
        t.echo("=== data at the start, the middle and the end ===");
        t.ioCmds("write -P 1 0 64k", "write -P 2 1M 192k", "write -P 3 4032k 64k", "write -z 2M 64k");
        t.img("map", "-f", t.fmt(), t.testImg());
        t.img("map", "--output=json", "-f", t.fmt(), t.testImg());
        t.ioCmds("map");
        t.echo("");
        t.echo("=== map of a range ===");
        t.img("map", "--output=json", "--start-offset=960k", "--max-length=512k", "-f", t.fmt(), t.testImg());
    }
}
