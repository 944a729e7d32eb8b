package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * The raw driver's offset and size options expose a window of the file: reads and writes stay
 * inside it, requests past its end fail, and offsets/sizes are validated against the file.
 */
@IoTest(number = 85, title = "raw offset and size windows",
        groups = {"filename", "rw", "auto", "quick"}, formats = {"raw"})
final class T085 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x01 0 1M");
        String win = "driver=raw,offset=64k,size=128k,file.filename=" + t.testImg();
        t.io("--image-opts", "-c", "length", "-c", "read -P 0x01 0 128k", "-c", "write -P 0x85 0 4k",
             "-c", "write -P 0x86 124k 4k", win);
        t.echo("rc=" + t.io("--image-opts", "-c", "read 124k 8k", win));
        t.echo("rc=" + t.io("--image-opts", "-c", "write 128k 512", win));
        t.ioCmds("read -P 0x01 0 64k", "read -P 0x85 64k 4k", "read -P 0x01 68k 120k", "read -P 0x86 188k 4k",
                 "read -P 0x01 192k 832k");
        t.echo("=== json: and convert of a window ===");
        String json = "json:{\"driver\":\"raw\",\"offset\":65536,\"size\":131072,\"file\":{\"driver\":\"file\",\"filename\":\"t.raw\"}}";
        t.echoFiltered(t.imgQuiet("info", json).stdout(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.img("convert", "-O", "raw", json, t.path("win.raw").toString());
        t.echo("window file size " + t.fileSize(t.path("win.raw")));
        t.io("-f", "raw", "-c", "read -P 0x85 0 4k", "-c", "read -P 0x86 124k 4k", t.path("win.raw").toString());
        t.echo("=== invalid windows ===");
        t.echo("rc=" + t.io("--image-opts", "-c", "length", "driver=raw,offset=2M,file.filename=" + t.testImg()));
        t.echo("rc=" + t.io("--image-opts", "-c", "length", "driver=raw,offset=512k,size=1M,file.filename=" + t.testImg()));
        t.echo("rc=" + t.io("--image-opts", "-c", "length", "driver=raw,offset=-1,file.filename=" + t.testImg()));
        t.echo("rc=" + t.io("--image-opts", "-c", "length", "driver=raw,size=1000,file.filename=" + t.testImg()));
    }
}
