package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * --image-opts: images described by key=value option strings for qemu-img (info, map, check,
 * compare, convert) and qemu-io, including driver-specific options and errors for unknown ones.
 */
@IoTest(number = 83, title = "--image-opts option strings",
        groups = {"filename", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T083 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x83 0 128k");
        String opts = "driver=" + f + ",file.driver=file,file.filename=" + t.testImg();
        t.io("--image-opts", "-c", "read -P 0x83 0 128k", "-c", "write -P 0x84 1020k 4k", opts);
        t.echoFiltered(t.imgQuiet("info", "--image-opts", opts).stdout(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.img("map", "--image-opts", opts);
        t.echo("check: rc=" + t.img("check", "--image-opts", opts));
        String out = t.path("out.raw").toString();
        t.img("convert", "--image-opts", opts, "-O", "raw", out);
        t.img("compare", "--image-opts", opts, "driver=raw,file.filename=" + out);
        t.echo("=== read-only and cache options ===");
        t.io("--image-opts", "-c", "write 0 512", "read-only=on," + opts);
        t.io("--image-opts", "-c", "read -P 0x83 0 512", "cache.direct=off,cache.no-flush=on," + opts);
        t.echo("=== errors ===");
        t.echo("rc=" + t.io("--image-opts", "-c", "read 0 512", "driver=" + f + ",file.filename=" + t.testImg() + ",nosuch=1"));
        t.echo("rc=" + t.io("--image-opts", "-c", "read 0 512", "file.filename=" + t.testImg() + ",driver"));
        t.echo("rc=" + t.img("info", "--image-opts", "-f", f, opts));
    }
}
