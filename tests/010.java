package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** A qcow2 overlay on a raw or qcow2 backing file: reads fall through, writes stay in the overlay. */
@IoTest(number = 10, title = "backing file", groups = {"quick", "auto", "backing"}, formats = {"qcow2"})
final class T010 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        for (String baseFmt : new String[] {"raw", "qcow2"}) {
            t.echo("=== backing file of format " + baseFmt + " ===");
            String base = t.testImg() + ".base";
            t.makeImg(base, "2M", "-f", baseFmt);
            t.ioCmdsOn(base, baseFmt, "write -P 0xb0 0 1M", "write -P 0xb1 1M 1M");
            t.makeTestImg("", "-b", base, "-F", baseFmt);
            t.imgInfo("--backing-chain");
            t.echo("--- reads fall through to the backing file");
            t.ioCmds("read -P 0xb0 0 1M", "read -P 0xb1 1M 1M");
            t.echo("--- a partial-cluster write copies the rest of the cluster from the backing file");
            t.ioCmds("write -P 0x0f 1000 1000", "read -P 0xb0 0 1000", "read -P 0x0f 1000 1000", "read -P 0xb0 2000 63536");
            t.ioCmds("write -z 1M 64k", "read -P 0 1M 64k", "read -P 0xb1 1088k 960k");
            t.img("map", "--output=json", t.testImg());
            t.echo("--- the backing file is unchanged");
            t.ioCmdsOn(base, baseFmt, "read -P 0xb0 0 1M", "read -P 0xb1 1M 1M");
            t.echo("--- a missing backing file");
            t.img("create", "-f", "qcow2", "-b", t.path("nowhere").toString(), "-F", baseFmt, t.testImg());
            t.echo("");
        }
    }
}
