package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Backing options given through -o (backing_file, backing_fmt), sizes inherited from the backing
 * file, relative backing names across directories, and conflicting -b/-o combinations.
 */
@IoTest(number = 123, title = "backing options through -o and relative names",
        groups = {"backing", "create", "auto", "quick"}, formats = {"qcow2"})
final class T123 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        java.nio.file.Files.createDirectories(t.path("a/b"));
        String base = t.path("a/base.qcow2").toString();
        t.img("create", "-q", "-f", "qcow2", base, "3M");
        t.io("-c", "write -q -P 0x23 0 3M", base);
        t.img("create", "-f", "qcow2", "-o", "backing_file=../base.qcow2,backing_fmt=qcow2", t.path("a/b/top.qcow2").toString());
        t.io("-c", "length", "-c", "read -P 0x23 0 3M", t.path("a/b/top.qcow2").toString());
        t.echoFiltered(t.imgQuiet("info", "--backing-chain", t.path("a/b/top.qcow2").toString()).stdout(),
                s -> s.lines().filter(l -> l.startsWith("image") || l.startsWith("backing")).map(l -> l + "\n")
                      .reduce("", String::concat));
        t.echo("=== relative to the working directory is wrong ===");
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-b", "a/base.qcow2", "-F", "qcow2", t.path("a/b/x.qcow2").toString()));
        t.echo("=== -b and -o backing_file together ===");
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-b", base, "-F", "qcow2", "-o", "backing_file=" + base,
                t.path("y.qcow2").toString()));
        t.echo("=== larger than the backing file ===");
        t.img("create", "-f", "qcow2", "-b", base, "-F", "qcow2", t.path("z.qcow2").toString(), "8M");
        t.io("-c", "length", "-c", "read -P 0 3M 5M", t.path("z.qcow2").toString());
    }
}
