package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qemu-img bench options that test 080 does not use: -i (aio mode: threads, io_uring, and native
 * only with O_DIRECT; the names are case-sensitive),
 * -n (native aio), --no-drain, -q, -U, and the cache mode checked while parsing (-t); the
 * requests really happen (a write run's pattern reads back). Times are masked.
 */
@IoTest(number = 225, title = "bench -i, -n, --no-drain, -q, -U and -t",
        groups = {"img", "bench", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T225 implements ConformanceTest {
    private static void bench(TestContext t, String... args) {
        var r = t.imgMerged(args);
        t.echoFiltered(r.merged(), T080::noTime);
        t.echo("rc=" + r.exitCode());
    }

    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        String img = t.testImg();
        t.makeTestImg("4M");
        t.echo("=== aio modes ===");
        bench(t, "bench", "-f", f, "-c", "8", "-i", "threads", img);
        bench(t, "bench", "-f", f, "-c", "8", "-i", "native", "-t", "none", img);
        bench(t, "bench", "-f", f, "-c", "8", "-i", "native", img);
        bench(t, "bench", "-f", f, "-c", "8", "-n", img);
        bench(t, "bench", "-f", f, "-c", "8", "-n", "-t", "none", img);
        bench(t, "bench", "-f", f, "-c", "8", "-i", "io_uring", img);
        bench(t, "bench", "-f", f, "-c", "8", "-i", "io_uring", "-t", "none", img);
        bench(t, "bench", "-f", f, "-w", "-c", "8", "-i", "io_uring", "--pattern=0x27", img);
        t.ioCmds("read -P 0x27 0 32k");
        bench(t, "bench", "-f", f, "-c", "8", "-i", "io_uring", "-n", img);
        bench(t, "bench", "-f", f, "-c", "8", "-i", "IO_URING", img);
        bench(t, "bench", "-f", f, "-c", "8", "-i", "bogus", img);
        t.echo("=== --no-drain, -q, -U ===");
        bench(t, "bench", "-f", f, "-w", "-c", "16", "-d", "2", "--no-drain", "--pattern=0x25", img);
        t.ioCmds("read -P 0x25 0 64k", "read -P 0 64k 64k");
        bench(t, "bench", "-f", f, "-w", "-c", "8", "-d", "4", "--no-drain", "--flush-interval=4", "-o", "1M",
                "--pattern=0x26", img);
        t.ioCmds("read -P 0x26 1M 32k");
        bench(t, "bench", "-f", f, "-q", "-c", "4", img);
        bench(t, "bench", "-f", f, "-U", "-c", "4", "-s", "1k", img);
        t.echo("=== -t is checked while parsing ===");
        bench(t, "bench", "-f", f, "-t", "bogus", "-c", "4", img);
        bench(t, "bench", "-c", "0x", "-t", "bogus", img);
        bench(t, "bench", "-t", "bogus", "-c", "0x", img);
    }
}
