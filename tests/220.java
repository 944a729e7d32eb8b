package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import io.jiotests.harness.api.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * commit -p, -q, -r and -t. qemu-img 7.2 runs commit as a block job and prints a progress line
 * after every pass of its event loop, so how often "(0.00/100%)" and "(100.00/100%)" repeat, and
 * which values lie between, depends on timing (measured: 1 to 17 repeats of 0.00, 1 to 10 of
 * 100.00 over the same input). What is fixed, and what this test checks: the progress is a run of
 * "    (N.NN/100%)\r" fragments that starts at 0.00, never decreases and ends at 100.00, followed by
 * a newline and "Image committed."; -q prints nothing. A well-formed run is shown as one line; any
 * other output is shown verbatim (so it fails against the golden output). -r takes a rate with
 * suffixes and refuses anything else; -t takes a cache mode.
 */
@IoTest(number = 220, title = "commit -p progress, -q, -r rate limit and -t cache mode",
        groups = {"img", "commit", "backing", "auto", "quick"}, formats = {"qcow2"})
final class T220 implements ConformanceTest {
    private static final Pattern RUN = Pattern.compile("(?:    \\(\\d{1,3}\\.\\d\\d/100%\\)\\r)+");
    private static final Pattern VALUE = Pattern.compile("\\((\\d{1,3}\\.\\d\\d)/100%\\)");

    /**
     * Replaces each run of progress fragments that starts at 0.00, never decreases and ends at
     * 100.00 by a fixed marker; the rest (and a malformed run) stays, with \r and \n made visible.
     */
    static String progress(String out) {
        Matcher m = RUN.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            List<Double> values = new ArrayList<>();
            Matcher v = VALUE.matcher(m.group());
            while (v.find()) {
                values.add(Double.parseDouble(v.group(1)));
            }
            boolean rising = true;
            for (int i = 1; i < values.size(); i++) {
                rising &= values.get(i) >= values.get(i - 1);
            }
            boolean ok = rising && values.getFirst() == 0.0 && values.getLast() == 100.0;
            m.appendReplacement(sb, Matcher.quoteReplacement(ok ? "<progress 0.00 .. 100.00>" : m.group()));
        }
        m.appendTail(sb);
        return sb.toString().replace("\r", "\\r").replace("\n", "\\n");
    }

    private static void show(TestContext t, String what, ToolResult r) {
        t.echo(what + ": rc=" + r.exitCode() + " stdout: " + progress(t.filter(r.stdout()))
                + (r.stderr().isEmpty() ? "" : " stderr: " + t.filter(r.stderr()).strip()));
    }

    @Override
    public void run(TestContext t) throws Exception {
        String img = t.testImg();
        String base = img + ".base";
        t.img("create", "-f", "qcow2", base, "4M");
        t.io("-c", "write -q -P 0x0b 0 4M", base);

        t.echo("=== -p with data to commit ===");
        t.makeTestImg("4M", "-b", base, "-F", "qcow2");
        t.ioCmds("write -q -P 0x0c 0 1M", "write -q -P 0x0d 3M 64k");
        show(t, "commit -p", t.imgQuiet("commit", "-p", img));
        t.io("-c", "read -q -P 0x0c 0 1M", "-c", "read -q -P 0x0b 1M 2M", "-c", "read -q -P 0x0d 3M 64k", base);

        t.echo("=== -p with nothing to commit ===");
        show(t, "commit -p", t.imgQuiet("commit", "-p", img));

        t.echo("=== -p -d ===");
        t.ioCmds("write -q -P 0x0e 2M 128k");
        show(t, "commit -p -d", t.imgQuiet("commit", "-p", "-d", img));
        t.ioCmds("map");

        t.echo("=== -q silences -p and the message ===");
        t.ioCmds("write -q -P 0x0f 512k 64k");
        show(t, "commit -q -p", t.imgQuiet("commit", "-q", "-p", img));
        t.io("-c", "read -q -P 0x0f 512k 64k", base);

        t.echo("=== -r rate limits ===");
        t.ioCmds("write -q -P 0x10 0 64k");
        t.echo("rc=" + t.img("commit", "-r", "64M", img));
        t.echo("rc=" + t.img("commit", "-r", "0", img));
        t.echo("rc=" + t.img("commit", "-r", "1.5G", img));
        t.echo("rc=" + t.img("commit", "-r", "foo", img));
        t.echo("rc=" + t.img("commit", "-r", "-1", img));
        t.echo("rc=" + t.img("commit", "-r", "1Z", img));
        t.io("-c", "read -q -P 0x10 0 64k", base);

        t.echo("=== -t cache modes ===");
        for (String mode : new String[] {"writeback", "unsafe", "writethrough", "directsync"}) {
            t.ioCmds("write -q -P 0x11 1M 64k");
            t.echo(mode + ": rc=" + t.img("commit", "-t", mode, img));
        }
        t.echo("rc=" + t.img("commit", "-t", "bogus", img));
        t.io("-c", "read -q -P 0x11 1M 64k", base);
        t.img("check", base);
        t.img("check", img);
    }
}
