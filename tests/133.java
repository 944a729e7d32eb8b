package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * The copy-on-read filter: qemu-io -C and --image-opts driver=copy-on-read copy what a read takes
 * from the backing file into the overlay, whole clusters at a time; all-zero data (unallocated or
 * zero clusters below) becomes zero clusters, data becomes data clusters; writes go through
 * unchanged; the backing file is never written. -C with -r and a bottom node that does not exist
 * are refused with QEMU's texts.
 */
@IoTest(number = 133, title = "copy-on-read filter and qemu-io -C",
        groups = {"backing", "cor", "auto", "quick"}, formats = {"qcow2"})
final class T133 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.path("base.qcow2").toString();
        t.makeImg(base, "1M");
        t.ioCmdsOn(base, "qcow2", "write -q -P 0x11 0 64k", "write -q -P 0x22 192k 8k",
                "write -q -z 256k 64k", "write -q -P 0x33 960k 64k");
        String baseSum = t.sha256(t.path("base.qcow2"));
        t.makeTestImg("1M", "-b", base, "-F", "qcow2");

        t.echo("=== qemu-io -C ===");
        t.echo("rc=" + t.io("-C", "-f", t.fmt(), "-c", "read -P 0x11 4k 4k", "-c", "read -P 0 128k 4k",
                "-c", "read 190k 8k", "-c", "read -P 0 256k 64k", t.testImg()));
        t.img("map", "--output=json", t.testImg());
        t.img("check", t.testImg());

        t.echo("=== driver=copy-on-read ===");
        t.echo("rc=" + t.io("--image-opts", "-c", "read -P 0x33 1000k 1k", "-c", "write -P 0x44 512k 4k",
                "-c", "read -P 0x44 512k 4k", "-c", "map",
                "driver=copy-on-read,file.driver=qcow2,file.file.filename=" + t.testImg()));
        t.img("map", "--output=json", t.testImg());
        t.ioCmds("read -P 0x11 0 64k", "read -P 0x22 192k 8k", "read -P 0 200k 56k",
                "read -P 0x33 960k 64k", "read -P 0x44 512k 4k");
        t.echo("backing unchanged: " + baseSum.equals(t.sha256(t.path("base.qcow2"))));

        t.echo("=== errors ===");
        t.echo("rc=" + t.io("-C", "-r", "-f", t.fmt(), "-c", "read 0 4k", t.testImg()));
        t.echo("rc=" + t.io("--image-opts", "-c", "read 0 4k", "driver=copy-on-read,file.driver=qcow2"));
        t.echo("rc=" + t.io("--image-opts", "-c", "read 0 4k",
                "driver=copy-on-read,file.driver=qcow2,file.file.filename=" + t.testImg() + ",bottom=nonode"));
        t.img("check", t.testImg());
    }
}
