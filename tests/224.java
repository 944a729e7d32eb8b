package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * The remaining per-subcommand flags: rebase -p, -t, -T and -U; snapshot -U; dd -U; measure -l
 * (a snapshot's size); convert -U, --salvage and --target-image-opts. Results are read back.
 */
@IoTest(number = 224, title = "rebase -p/-t/-T/-U, snapshot/dd -U, measure -l, convert -U/--salvage/--target-image-opts",
        groups = {"img", "rebase", "convert", "snapshot", "measure", "dd", "auto", "quick"}, formats = {"qcow2"})
final class T224 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String img = t.testImg();
        String base = img + ".base";
        String other = img + ".other";
        t.img("create", "-f", "qcow2", base, "1M");
        t.io("-c", "write -q -P 0x01 0 1M", base);
        t.img("create", "-f", "qcow2", other, "1M");
        t.io("-c", "write -q -P 0x02 0 512k", other);
        t.makeTestImg("1M", "-b", base, "-F", "qcow2");
        t.ioCmds("write -q -P 0x03 0 64k");

        t.echo("=== rebase -p -t -T ===");
        var r = t.imgMerged("rebase", "-p", "-t", "writeback", "-T", "none", "-b", other, "-F", "qcow2", img);
        t.echo("rc=" + r.exitCode() + " output: " + t.filter(r.merged()).replace("\r", "\\r").replace("\n", "\\n"));
        t.ioCmds("read -q -P 0x03 0 64k", "read -q -P 0x01 64k 960k");
        t.echo("rc=" + t.img("rebase", "-T", "bogus", "-b", base, "-F", "qcow2", img));
        t.echo("rc=" + t.img("rebase", "-t", "bogus", "-b", base, "-F", "qcow2", img));
        t.echo("rc=" + t.img("rebase", "-U", "-u", "-b", base, "-F", "qcow2", img));
        t.echo("rc=" + t.img("rebase", "-U", "-b", base, "-F", "qcow2", img));

        t.echo("=== snapshot -U, measure -l ===");
        t.echo("rc=" + t.img("snapshot", "-c", "s1", img));
        t.ioCmds("write -q -P 0x04 128k 256k");
        // the listing has dates and times: only the names are shown
        var list = t.imgQuiet("snapshot", "-U", "-l", img);
        t.echo("rc=" + list.exitCode() + " names: " + list.stdout().lines().skip(2)
                .map(l -> l.trim().split(" +")[1]).toList());
        t.echo("rc=" + t.img("snapshot", "-U", "-c", "s2", img));
        t.echo("rc=" + t.img("measure", "-l", "s1", "-O", "qcow2", img));
        t.echo("rc=" + t.img("measure", "-l", "snapshot.name=s1", "-O", "raw", "--output=json", img));
        t.echo("rc=" + t.img("measure", "-l", "nosuch", "-O", "qcow2", img));
        t.echo("rc=" + t.img("measure", "-l", "s1", "--size", "1M", "-O", "qcow2"));

        t.echo("=== dd -U, convert -U, --salvage, --target-image-opts ===");
        String out = t.path("out.raw").toString();
        t.echo("rc=" + t.img("dd", "-U", "-f", "qcow2", "-O", "raw", "if=" + img, "of=" + out));
        t.io("-f", "raw", "-c", "read -q -P 0x03 0 64k", "-c", "read -q -P 0x04 128k 256k", out);
        t.echo("rc=" + t.img("convert", "-U", "--salvage", "-O", "raw", img, out));
        t.io("-f", "raw", "-c", "read -q -P 0x01 64k 64k", out);
        t.img("create", "-f", "raw", out, "1M");
        t.echo("rc=" + t.img("convert", "-n", "--target-image-opts", img, "driver=raw,file.filename=" + out));
        t.io("-f", "raw", "-c", "read -q -P 0x03 0 64k", "-c", "read -q -P 0x04 128k 256k", out);
        t.echo("rc=" + t.img("convert", "--target-image-opts", img, "driver=raw,file.filename=" + out));
        t.img("check", img);
    }
}
