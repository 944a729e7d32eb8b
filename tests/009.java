package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-img check on clean images: empty, with data, human and JSON output, repair of nothing. */
@IoTest(number = 9, title = "check on a clean image", groups = {"quick", "auto", "img", "check"}, formats = {"generic"})
final class T009 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        t.makeTestImg("8M");
        t.echo("=== empty image ===");
        t.echo("exit code " + t.img("check", "-f", t.fmt(), t.testImg()));
        t.echo("");
        t.echo("=== after writes, zero writes and discards ===");
        t.ioCmds("write -P 0x61 0 1M", "write -P 0x62 4M 64k", "write -z 128k 64k", "discard 512k 128k");
        t.echo("exit code " + t.img("check", "-f", t.fmt(), t.testImg()));
        t.echo("");
        t.echo("=== JSON output ===");
        t.echo("exit code " + t.img("check", "--output=json", "-f", t.fmt(), t.testImg()));
        t.echo("");
        t.echo("=== repair mode on a clean image ===");
        t.echo("exit code " + t.img("check", "-r", "all", "-f", t.fmt(), t.testImg()));
        t.ioCmds("read -P 0x61 0 128k", "read -P 0 128k 64k", "read -P 0x62 4M 64k");
    }
}
