package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import java.nio.file.Files;

/**
 * amend options beyond compat, refcount_bits and size: -o help, lazy_refcounts on and off, the
 * external data file (data_file renamed, data_file_raw refused on an existing image), -p
 * progress, -t cache modes, --force, -q, --image-opts; raw refuses amendment altogether.
 */
@IoTest(number = 223, title = "amend -o help, lazy_refcounts, data_file, data_file_raw, -p, -t, --force",
        groups = {"img", "amend", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T223 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        String img = t.testImg();
        if (f.equals("raw")) {
            t.makeTestImg("1M");
            t.echo("rc=" + t.img("amend", "-f", f, "-o", "size=2M", img));
            t.echo("rc=" + t.img("amend", "-f", f, "-o", "help", img));
            t.echo("rc=" + t.img("amend", "-f", f, img));
            return;
        }
        String data = t.path("t.data").toString();
        t.makeTestImg("1M", "-o", "data_file=" + data);
        t.ioCmds("write -q -P 0x23 0 64k");
        t.echo("=== -o help ===");
        t.echo("rc=" + t.img("amend", "-f", f, "-o", "help", img));
        t.echo("=== lazy_refcounts with -p, -t, --force, -q ===");
        var r = t.imgMerged("amend", "-p", "-t", "writeback", "-o", "lazy_refcounts=on", img);
        t.echo("-p: rc=" + r.exitCode() + " output: " + t.filter(r.merged()).replace("\r", "\\r").replace("\n", "\\n"));
        t.echo("rc=" + t.img("amend", "--force", "-t", "unsafe", "-o", "lazy_refcounts=off", img));
        t.echo("rc=" + t.img("amend", "-q", "-o", "lazy_refcounts=on", img));
        t.echo("rc=" + t.img("amend", "-t", "bogus", "-o", "lazy_refcounts=off", img));
        t.echo("rc=" + t.img("amend", "-o", "lazy_refcounts=maybe", img));
        t.imgInfo();
        t.echo("=== data_file_raw cannot be set on an existing image ===");
        t.echo("rc=" + t.img("amend", "-o", "data_file_raw=on", img));
        t.echo("rc=" + t.img("amend", "-o", "data_file_raw=off", img));
        t.echo("=== data_file renamed ===");
        Files.copy(t.path("t.data"), t.path("moved.data"));
        t.echo("rc=" + t.img("amend", "--image-opts", "-o", "data_file=" + t.path("moved.data"),
                "driver=qcow2,file.filename=" + img));
        t.imgInfo();
        t.ioCmds("read -q -P 0x23 0 64k", "write -q -P 0x24 64k 64k");
        t.io("-f", "raw", "-c", "read -q -P 0x24 64k 64k", t.path("moved.data").toString());
        t.img("check", img);
    }
}
