package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Colons in file names: a relative "a:b" is read as protocol "a" and refused; "./a:b" and
 * "file:a:b" name the local file; absolute paths with colons work directly.
 */
@IoTest(number = 84, title = "file names containing colons",
        groups = {"filename", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T084 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.echo("rc=" + t.img("create", "-q", "-f", f, "a:b." + f, "1M"));
        t.echo("rc=" + t.img("create", "-q", "-f", f, "./a:b." + f, "1M"));
        t.echo("exists: " + java.nio.file.Files.exists(t.path("a:b." + f)));
        t.io("-f", f, "-c", "write -P 0x84 0 64k", "./a:b." + f);
        t.io("-f", f, "-c", "read -P 0x84 0 64k", "file:a:b." + f);
        t.echo("rc=" + t.io("-f", f, "-c", "read 0 512", "a:b." + f));
        t.io("-f", f, "-c", "read -P 0x84 0 64k", t.path("a:b." + f).toString());
        t.echoFiltered(t.imgQuiet("info", "-f", f, "file:a:b." + f).stdout(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.echo("=== a backing file whose name has a colon ===");
        t.img("create", "-q", "-f", "qcow2", "-b", "./a:b." + f, "-F", f, "top.qcow2");
        t.io("-c", "read -P 0x84 0 64k", "top.qcow2");
        t.echoFiltered(t.imgQuiet("info", "top.qcow2").stdout(),
                s -> s.lines().filter(l -> l.startsWith("backing")).map(l -> l + "\n").reduce("", String::concat));
    }
}
