package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/**
 * With lazy_refcounts a crash (qemu-io killed by SIGKILL after a write) leaves the dirty bit and
 * stale refcounts: check reports them, and both check -r all and an ordinary read-write open repair
 * them; the data written before the crash is intact.
 */
@IoTest(number = 59, title = "lazy refcounts: dirty bit and repair after a crash",
        groups = {"header", "check", "lazy_refcounts", "auto", "quick"}, formats = {"qcow2"})
final class T059 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        Path img = Path.of(t.testImg());
        for (String repair : new String[] {"check -r all", "read-write open"}) {
            t.echo("=== crash, repaired by " + repair + " ===");
            t.makeTestImg("1M", "-o", "lazy_refcounts=on");
            // SIGKILL: the process dies without closing the image (its exit status is a signal)
            t.ioQuiet("-f", "qcow2", "-c", "write -P 0x59 0 128k", "-c", "sigraise 9", t.testImg());
            T058.features(t, img);
            t.imgInfo("--output=json");
            t.echo("check: rc=" + t.img("check", t.testImg()));
            if (repair.startsWith("check")) {
                t.echo("check -r all: rc=" + t.img("check", "-r", "all", t.testImg()));
            } else {
                t.ioCmds("read -P 0x59 0 128k");
            }
            T058.features(t, img);
            t.echo("check: rc=" + t.img("check", t.testImg()));
            t.ioCmds("read -P 0x59 0 128k");
        }
        t.echo("=== a clean close leaves no dirty bit ===");
        t.makeTestImg("1M", "-o", "lazy_refcounts=on");
        t.ioCmds("write -P 0x5a 0 128k");
        T058.features(t, img);
        t.img("check", t.testImg());
        t.echo("=== lazy_refcounts needs compat=1.1 ===");
        t.img("create", "-f", "qcow2", "-o", "lazy_refcounts=on,compat=0.10", t.testImg(), "1M");
    }
}
