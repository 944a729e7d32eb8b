package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-img convert to raw and qcow2 and back; the copies compare equal and keep holes. */
@IoTest(number = 8, title = "convert", groups = {"quick", "auto", "img", "convert"}, formats = {"generic"})
final class T008 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        t.makeTestImg("3M");
        t.ioCmds("write -P 0x10 0 64k", "write -P 0x20 1M 100k", "write -z 2M 64k", "write -P 0x30 3008k 64k");
        String toRaw = t.path("conv.raw").toString();
        String toQcow2 = t.path("conv.qcow2").toString();
        String back = t.path("back." + t.fmt()).toString();
        t.echo("=== convert to raw ===");
        t.echo("exit code " + t.img("convert", "-f", t.fmt(), "-O", "raw", t.testImg(), toRaw));
        t.img("compare", "-f", t.fmt(), "-F", "raw", t.testImg(), toRaw);
        t.ioCmdsOn(toRaw, "raw", "read -P 0x10 0 64k", "read -P 0x20 1M 100k", "read -P 0 2M 64k", "read -P 0x30 3008k 64k");
        t.echo("");
        t.echo("=== convert to qcow2 ===");
        t.echo("exit code " + t.img("convert", "-f", t.fmt(), "-O", "qcow2", t.testImg(), toQcow2));
        t.img("compare", "-f", t.fmt(), "-F", "qcow2", t.testImg(), toQcow2);
        t.img("map", "--output=json", "-f", "qcow2", toQcow2);
        t.img("check", toQcow2);
        t.echo("");
        t.echo("=== convert qcow2 back to the format under test ===");
        t.echo("exit code " + t.img("convert", "-f", "qcow2", "-O", t.fmt(), toQcow2, back));
        t.img("compare", "-f", t.fmt(), "-F", t.fmt(), t.testImg(), back);
        t.echo("");
        t.echo("=== compressed qcow2 target ===");
        String compressed = t.path("compressed.qcow2").toString();
        t.echo("exit code " + t.img("convert", "-c", "-f", t.fmt(), "-O", "qcow2", t.testImg(), compressed));
        t.img("compare", "-f", t.fmt(), "-F", "qcow2", t.testImg(), compressed);
        t.img("check", compressed);
        t.echo("");
        t.echo("=== a missing source ===");
        t.echo("exit code " + t.img("convert", "-f", t.fmt(), "-O", "raw", t.path("missing." + t.fmt()).toString(), toRaw));
    }
}
