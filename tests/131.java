package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * blkdebug through json: filenames and --image-opts: inject-error rules given as options, request
 * alignment and max-transfer (unaligned and large requests are widened and split, data stays
 * right), the constraint errors for bad align / max-transfer values, an unknown option, a missing
 * image child and a missing image file, all with QEMU's texts.
 */
@IoTest(number = 131, title = "blkdebug options: json and image-opts rules, align and max-transfer",
        groups = {"blkdebug", "rw", "filenames", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T131 implements ConformanceTest {
    private TestContext t;

    private String json(String blkdebugOpts) {
        return "json:{\"driver\":\"" + t.fmt() + "\",\"file\":{\"driver\":\"blkdebug\"," + blkdebugOpts
                + "\"image\":{\"driver\":\"file\",\"filename\":\"" + t.testImg() + "\"}}}";
    }

    @Override
    public void run(TestContext t) throws Exception {
        this.t = t;
        t.makeTestImg("4M");
        t.ioCmds("write -q -P 0x11 0 1M", "write -q -P 0x22 1M 1M");

        t.echo("=== align 4096, max-transfer 64k: unaligned and large requests ===");
        String aligned = json("\"align\":4096,\"max-transfer\":65536,");
        t.echo("rc=" + t.io("-c", "read -P 0x11 1 3", "-c", "write -P 0x33 4095 2", "-c", "read -P 0x33 4095 2",
                "-c", "read -P 0x11 4097 4000", "-c", "write -P 0x44 100k 300k", "-c", "read -P 0x44 100k 300k",
                "-c", "read -P 0x22 1M 512k", "-c", "writev -P 0x55 511 1 4k 3", "-c", "readv -P 0x55 511 4100",
                aligned));
        t.ioCmds("read -P 0x11 0 511", "read -P 0x55 511 4100", "read -P 0x11 4611 97789",
                "read -P 0x44 100k 300k");
        t.echo("=== image-opts: the same through dotted options ===");
        t.echo("rc=" + t.io("--image-opts", "-c", "read -P 0x44 100k 4k", "-c", "write -P 0x66 3M 5",
                "-c", "read -P 0x66 3M 5",
                "driver=" + t.fmt() + ",file.driver=blkdebug,file.align=512,file.max-transfer=4096,"
                        + "file.image.filename=" + t.testImg()));

        t.echo("=== constraint errors ===");
        t.echo("rc=" + t.io("-c", "read 0 4k", json("\"align\":3,")));
        t.echo("rc=" + t.io("-c", "read 0 4k", json("\"align\":4096,\"max-transfer\":1000,")));
        t.echo("rc=" + t.io("-c", "read 0 4k", json("\"align\":-1,")));
        t.echo("rc=" + t.io("-c", "read 0 4k", json("\"max-transfer\":1000,")));
        t.echo("rc=" + t.io("-c", "read 0 4k", json("\"bogus\":1,")));
        t.echo("rc=" + t.io("-c", "read 0 4k",
                "json:{\"driver\":\"" + t.fmt() + "\",\"file\":{\"driver\":\"blkdebug\"}}"));
        t.echo("rc=" + t.io("--image-opts", "-c", "read 0 4k",
                "driver=" + t.fmt() + ",file.driver=blkdebug,file.image.filename=" + t.path("nothere")));

        t.echo("=== inject-error rules as options ===");
        String event = t.fmt().equals("qcow2") ? "l2_load" : "pwritev";
        t.echo("rc=" + t.io("-c", "write -P 0x77 0 4k", "-c", "write -P 0x77 0 4k", "-c", "read -P 0x77 0 4k",
                json("\"inject-error\":[{\"event\":\"" + event + "\",\"errno\":28,\"once\":true}],")));
        t.echo("rc=" + t.io("--image-opts", "-c", "write -P 0x78 8k 4k", "-c", "write -P 0x78 8k 4k",
                "-c", "read -P 0x78 8k 4k",
                "driver=" + t.fmt() + ",file.driver=blkdebug,file.image.filename=" + t.testImg()
                        + ",file.inject-error.0.event=pwritev,file.inject-error.0.once=on"));
        t.echo("rc=" + t.io("--image-opts", "-c", "read 0 4k",
                "driver=" + t.fmt() + ",file.driver=blkdebug,file.image.filename=" + t.testImg()
                        + ",file.inject-error.0.event=bogus"));
        t.ioCmds("read -P 0x77 0 4k", "read -P 0x78 8k 4k", "read -P 0x11 12k 4k");
        if (t.fmt().equals("qcow2")) {
            t.img("check", t.testImg());
        }
    }
}
