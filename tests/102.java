package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/** A VMware version-3 VMDK and a fuzzer-found hostile VMDK: info, reads and check, or the exact refusal. */
@IoTest(number = 102, title = "vmdk sample images: version 3 and a fuzzed image",
        groups = {"formats", "sample", "auto", "quick"}, formats = {"vmdk"}, requires = {"bzip2"})
final class T102 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        Path v3 = SampleImages.extract(t, "iotest-version3.vmdk");
        SampleImages.info(t, "vmdk", v3);
        t.io("-r", "-f", "vmdk", "-c", "read -v 0 16", "-c", "alloc 0 1M", "-c", "alloc 640k 64k", "-c", "read -v 640k 16", v3.toString());
        t.img("map", "--output=json", "-f", "vmdk", "--max-length=16M", v3.toString());
        t.echo("check: rc=" + t.img("check", "-f", "vmdk", v3.toString()));
        t.echo("=== fuzzed ===");
        Path afl = SampleImages.extract(t, "afl9.vmdk");
        t.echo("info: rc=" + t.img("info", "-f", "vmdk", afl.toString()));
        t.echo("read: rc=" + t.io("-r", "-f", "vmdk", "-c", "read 0 512", afl.toString()));
    }
}
