package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** create -o preallocation=off/metadata/falloc/full: allocation status, file sizes and check. */
@IoTest(number = 106, title = "create with every preallocation mode",
        groups = {"img", "create", "prealloc", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T106 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String p : new String[] {"off", "metadata", "falloc", "full"}) {
            t.echo("=== preallocation=" + p + " ===");
            t.echo("rc=" + t.img("create", "-f", t.fmt(), "-o", "preallocation=" + p, t.testImg(), "2M"));
            if (t.imgQuiet("info", "-f", t.fmt(), t.testImg()).exitCode() != 0) {
                continue;
            }
            t.ioCmds("alloc 0 2M", "read -P 0 0 2M");
            t.echo("file size " + t.fileSize(java.nio.file.Path.of(t.testImg())));
            if (t.fmt().equals("qcow2")) {
                t.img("check", t.testImg());
            }
            java.nio.file.Files.delete(java.nio.file.Path.of(t.testImg()));
        }
        t.echo("rc=" + t.img("create", "-f", t.fmt(), "-o", "preallocation=sparse", t.testImg(), "2M"));
    }
}
