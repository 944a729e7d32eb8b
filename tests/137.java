package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * qemu-img convert from a source whose reads fail (blkdebug rules on the host sectors behind
 * chosen guest offsets, found with map): the error names the start of the failing request (a 2
 * MiB run, or one cluster with -c), one message per failing read among the runs the -m
 * coroutines claimed together, exit code 1; with -m 1, and with -c when the first claimed cluster
 * fails, the target holds what qemu-img wrote before the failure (compared with the intact
 * source). Where qemu-img's partial target depends on its timing (-W, a failure after the first
 * -m batch, the uncompressed first batch) only messages and exit code are checked. dd reads the
 * same source; rebase names the old or new backing file whose read failed; commit writes into a
 * base under blkdebug.
 */
@IoTest(number = 137, title = "convert from a failing source: messages, exit code and partial target",
        groups = {"img", "convert", "blkdebug", "auto", "quick"}, formats = {"raw", "qcow2", "qed"})
final class T137 implements ConformanceTest {
    private static final Pattern MAP_ENTRY = Pattern.compile(
            "\"start\": (\\d+), \"length\": (\\d+),[^}]*?\"offset\": (\\d+)");
    private TestContext t;
    private String src;

    /** The host offset of a guest offset of the source (from map --output=json). */
    private long host(long guest) {
        String json = t.imgQuiet("map", "-f", t.fmt(), "--output=json", src).stdout();
        Matcher m = MAP_ENTRY.matcher(json);
        while (m.find()) {
            long start = Long.parseLong(m.group(1));
            long len = Long.parseLong(m.group(2));
            if (guest >= start && guest < start + len) {
                return Long.parseLong(m.group(3)) + guest - start;
            }
        }
        throw new IllegalStateException("guest offset " + guest + " is not mapped: " + json);
    }

    /** The source under blkdebug: reads covering the host sectors behind the guest offsets fail with EIO. */
    private String failingAt(long... guests) {
        StringBuilder rules = new StringBuilder();
        for (long g : guests) {
            if (!rules.isEmpty()) {
                rules.append(',');
            }
            rules.append("{\"event\":\"none\",\"iotype\":\"read\",\"errno\":5,\"sector\":").append(host(g) / 512)
                    .append('}');
        }
        return "json:{\"driver\":\"" + t.fmt() + "\",\"file\":{\"driver\":\"blkdebug\",\"inject-error\":[" + rules
                + "],\"image\":{\"driver\":\"file\",\"filename\":\"" + src + "\"}}}";
    }

    /** Converts, prints messages and exit code; with a format, compares what the target holds with the source. */
    private void convert(String source, String outFmt, boolean compareTarget, String... opts) throws Exception {
        String out = t.path("out." + outFmt).toString();
        java.nio.file.Files.deleteIfExists(t.path("out." + outFmt));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("convert"));
        args.addAll(java.util.List.of(opts));
        args.addAll(java.util.List.of("-O", outFmt, source, out));
        t.echo("convert " + String.join(" ", opts) + " -O " + outFmt + ": rc=" + t.img(args.toArray(String[]::new)));
        if (compareTarget) {
            t.echo("target: rc=" + t.img("compare", "-f", t.fmt(), "-F", outFmt, src, out));
        }
    }

    @Override
    public void run(TestContext t) throws Exception {
        this.t = t;
        src = t.testImg();
        t.makeTestImg("8M");
        t.ioCmds("write -q -P 0x11 0 8M");

        t.echo("=== one failing host sector (guest 5M + 4k) ===");
        String one = failingAt(5 * 1048576 + 4096);
        convert(one, "raw", true, "-m", "1");
        convert(one, "raw", false, "-m", "8");
        convert(one, "raw", false, "-m", "8", "-W");
        convert(one, "qcow2", true, "-c", "-m", "1");
        // how many runs before a later failure qemu-img writes with -m > 1 depends on its timing
        convert(one, "qcow2", false, "-c");
        convert(one, "qcow2", false, "-c", "-m", "2");

        t.echo("=== failing sectors in three runs (guest 4k, 2M + 4k, 6M + 4k) ===");
        String three = failingAt(4096, 2 * 1048576 + 4096, 6 * 1048576 + 4096);
        convert(three, "raw", true, "-m", "1");
        convert(three, "raw", false, "-m", "2");
        convert(three, "raw", false, "-m", "8");
        convert(three, "raw", false, "-m", "8", "-W");
        convert(three, "qcow2", true, "-c", "-m", "1");
        convert(three, "qcow2", true, "-c");

        t.echo("=== failing sectors in two clusters of the first -c batch (guest 4k, 192k + 4k) ===");
        String two = failingAt(4096, 196608 + 4096);
        convert(two, "qcow2", true, "-c");
        convert(two, "qcow2", true, "-c", "-m", "4");
        convert(two, "qcow2", false, "-m", "8");

        t.echo("=== rebase reading a failing old or new backing file ===");
        String ov = t.path("ov.qcow2").toString();
        String plain = t.path("plain.qcow2").toString();
        t.img("create", "-q", "-f", "qcow2", plain, "8M");
        t.img("create", "-q", "-f", "qcow2", "-b", one, "-F", t.fmt(), ov, "8M");
        t.echo("old: rc=" + t.img("rebase", "-f", "qcow2", "-b", plain, "-F", "qcow2", ov));
        java.nio.file.Files.delete(t.path("ov.qcow2"));
        t.img("create", "-q", "-f", "qcow2", "-b", plain, "-F", "qcow2", ov, "8M");
        t.echo("new: rc=" + t.img("rebase", "-f", "qcow2", "-b", one, "-F", t.fmt(), ov));

        t.echo("=== dd ===");
        t.echo("rc=" + t.img("dd", "-O", "raw", "if=" + one, "of=" + t.path("dd.raw"), "bs=1M"));
        t.echo("target: rc=" + t.img("compare", "-f", t.fmt(), "-F", "raw", src, t.path("dd.raw").toString()));

        t.echo("=== commit into a base under blkdebug (a reopen for writing passes through) ===");
        String ov2 = t.path("ov2.qcow2").toString();
        t.img("create", "-q", "-f", "qcow2", "-b", one, "-F", t.fmt(), ov2, "8M");
        t.ioCmdsOn(ov2, "qcow2", "write -q -P 0x44 1M 64k");
        t.echo("rc=" + t.img("commit", "-f", "qcow2", ov2));
        t.ioCmdsOn(src, t.fmt(), "read -q -P 0x11 0 1M", "read -q -P 0x44 1M 64k", "read -q -P 0x11 1088k 64k");
    }
}
