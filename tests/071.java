package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-img info in human and JSON form, with and without -f, on an image with a backing file and snapshots. */
@IoTest(number = 71, title = "info human and json output",
        groups = {"img", "info", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T071 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("3M");
        t.ioCmds("write -P 0x71 0 1M");
        t.imgInfo();
        t.imgInfo("--output=json");
        t.imgInfo("-f", t.fmt(), "--output=human");
        t.echo("rc=" + t.img("info", "--output=yaml", t.testImg()));
        t.echo("rc=" + t.img("info", t.path("missing").toString()));
        t.echo("rc=" + t.img("info", "-f", "qed", t.testImg()));
        t.echo("=== probing a raw file that looks like nothing ===");
        String raw = t.path("plain.img").toString();
        t.img("create", "-q", "-f", "raw", raw, "64k");
        t.echoFiltered(t.imgQuiet("info", raw).stdout(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
    }
}
