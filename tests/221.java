package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import java.nio.file.Path;

/**
 * qemu-img check's exit codes with their full human and JSON output, on both formats: 63 for a
 * format without checks (raw: human, JSON, -r, -q), 3 for leaks only, 2 for corruptions (what
 * -r leaks leaves of them), 1 when the check cannot run, 0 after repair; with -T, -U,
 * --image-opts and --object on the way. Leaks and corruptions are made by poking the L2 entry and
 * the refcount of a cluster (helpers of test 063).
 */
@IoTest(number = 221, title = "check exit codes 63, 3, 2, 1 and 0 with human and json output",
        groups = {"img", "check", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T221 implements ConformanceTest {
    private static void codes(TestContext t, String what, String img, String fmt) {
        t.echo("--- " + what);
        t.echo("rc=" + t.img("check", "-f", fmt, img));
        t.echo("rc=" + t.img("check", "-f", fmt, "--output=json", img));
        t.echo("rc=" + t.img("check", "-q", "-f", fmt, img));
    }

    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        String img = t.testImg();
        Path path = Path.of(img);
        t.makeTestImg("1M");
        t.ioCmds("write -q -P 0x21 0 192k");
        t.echo("=== options ===");
        t.echo("rc=" + t.img("check", "-T", "none", "-U", "-f", f, img));
        t.echo("rc=" + t.img("check", "-T", "bogus", "-f", f, img));
        t.echo("rc=" + t.img("check", "--image-opts", "driver=" + f + ",file.filename=" + img));
        t.echo("rc=" + t.img("check", "--object", "secret,id=s0,data=x", "-f", f, img));
        t.echo("rc=" + t.img("check", "--output=xml", "-f", f, img));
        t.echo("rc=" + t.img("check", "-f", f));
        t.echo("rc=" + t.img("check", "-f", f, t.path("nothere").toString()));
        if (f.equals("raw")) {
            t.echo("=== 63: raw has no consistency checks ===");
            codes(t, "check", img, f);
            t.echo("rc=" + t.img("check", "-r", "leaks", "-f", f, img));
            t.echo("rc=" + t.img("check", "-r", "all", "-f", f, "--output=json", img));
            t.ioCmds("read -q -P 0x21 0 192k");
            return;
        }
        t.echo("=== 63: a qcow2 image checked as raw ===");
        codes(t, "check -f raw", img, "raw");
        t.echo("=== 0: clean ===");
        codes(t, "check", img, f);
        t.echo("=== 3: a leaked cluster ===");
        t.pokeBe(path, T063.l2EntryOffset(t, path, 1), 8, 0);
        codes(t, "check", img, f);
        t.echo("=== 2: and a referenced cluster with refcount 0 ===");
        long host = T063.be(t, path, T063.l2EntryOffset(t, path, 2), 8) & 0x00fffffffffffe00L;
        t.pokeBe(path, T063.refcountOffset(t, path, host / 65536), 2, 0);
        codes(t, "check", img, f);
        t.echo("--- -r leaks repairs the leak only: still 2");
        t.echo("rc=" + t.img("check", "-r", "leaks", "-f", f, "--output=json", img));
        codes(t, "check", img, f);
        t.echo("--- -r all");
        t.echo("rc=" + t.img("check", "-r", "all", "-f", f, img));
        codes(t, "check", img, f);
        t.ioCmds("read -q -P 0x21 0 64k", "read -q -P 0 64k 64k", "read -q -P 0x21 128k 64k");
    }
}
