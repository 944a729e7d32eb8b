package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-img map in human and JSON form with --start-offset and --max-length over a backing chain (depth). */
@IoTest(number = 104, title = "map with start offset and max length over a backing chain",
        groups = {"map", "backing", "auto", "quick"}, formats = {"qcow2"})
final class T104 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        t.img("create", "-q", "-f", "qcow2", base, "2M");
        t.io("-c", "write -q -P 0x01 0 1M", "-c", "write -q -z 1M 128k", base);
        t.makeTestImg("2M", "-b", base, "-F", "qcow2");
        t.ioCmds("write -q -P 0x02 256k 256k", "write -q -z 768k 64k", "discard 896k 64k");
        t.img("map", t.testImg());
        t.img("map", "--output=json", t.testImg());
        t.img("map", "--output=json", "--start-offset=300k", "--max-length=700k", t.testImg());
        t.img("map", "--start-offset=512k", "--max-length=1", t.testImg());
        t.img("map", "--output=json", "--start-offset=2M", t.testImg());
        t.echo("rc=" + t.img("map", "--start-offset=-1", t.testImg()));
        t.echo("rc=" + t.img("map", "--max-length=x", t.testImg()));
        t.ioCmds("map", "alloc 0 2M", "alloc 256k 512k");
    }
}
