package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * rebase -u only rewrites the backing file name: a relative name is resolved against the overlay's
 * directory, so images can be moved together; no data is copied.
 */
@IoTest(number = 47, title = "unsafe rebase with relative backing paths",
        groups = {"backing", "rebase", "auto", "quick"}, formats = {"qcow2"})
final class T047 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        java.nio.file.Files.createDirectories(t.path("sub"));
        String base = t.path("sub/base.qcow2").toString();
        String top = t.path("sub/top.qcow2").toString();
        t.img("create", "-f", "qcow2", base, "1M");
        t.io("-c", "write -P 0x47 0 1M", base);
        t.img("create", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", top, "1M");
        t.io("-c", "read -P 0x47 0 1M", top);
        t.echo("=== move the base, rename it in the overlay ===");
        java.nio.file.Files.move(t.path("sub/base.qcow2"), t.path("moved.qcow2"));
        t.io("-c", "read 0 512", top);
        t.img("rebase", "-u", "-b", "../moved.qcow2", "-F", "qcow2", top);
        t.io("-c", "read -P 0x47 0 1M", top);
        t.echoFiltered(t.imgQuiet("info", "--backing-chain", "-U", top).merged(),
                s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.echo("=== unsafe rebase to a different image copies nothing ===");
        t.img("create", "-f", "qcow2", t.path("other.qcow2").toString(), "1M");
        t.img("rebase", "-u", "-b", "../other.qcow2", "-F", "qcow2", top);
        t.io("-c", "read -P 0 0 1M", "-c", "map", top);
        t.img("check", top);
    }
}
