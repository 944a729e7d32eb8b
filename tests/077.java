package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * resize --preallocation: off, metadata (qcow2), falloc and full; the new area reads zero and, for
 * qcow2, the chosen preallocation shows in the allocation map of the grown area.
 */
@IoTest(number = 77, title = "resize with preallocation",
        groups = {"img", "resize", "prealloc", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T077 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        for (String p : new String[] {"off", "metadata", "falloc", "full"}) {
            t.echo("=== --preallocation=" + p + " ===");
            t.makeTestImg("1M");
            t.ioCmds("write -P 0x77 0 1M");
            t.echo("rc=" + t.img("resize", "-f", f, "--preallocation=" + p, t.testImg(), "3M"));
            t.ioCmds("length", "read -P 0x77 0 1M", "read -P 0 1M 2M", "alloc 1M 2M");
            if (f.equals("qcow2")) {
                t.img("check", t.testImg());
            } else {
                t.echo("file size " + t.fileSize(java.nio.file.Path.of(t.testImg())));
            }
        }
        t.echo("=== invalid ===");
        t.echo("rc=" + t.img("resize", "-f", f, "--preallocation=bogus", t.testImg(), "4M"));
        t.echo("rc=" + t.img("resize", "-f", f, "--preallocation=full", "--shrink", t.testImg(), "1M"));
    }
}
