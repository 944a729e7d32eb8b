package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** info --backing-chain across a three-level chain with mixed formats, human and JSON. */
@IoTest(number = 72, title = "info --backing-chain",
        groups = {"img", "info", "backing", "auto", "quick"}, formats = {"qcow2"})
final class T072 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String base = t.testImg() + ".base";
        String mid = t.testImg() + ".mid";
        t.img("create", "-q", "-f", "raw", base, "1M");
        t.img("create", "-q", "-f", "qcow2", "-b", base, "-F", "raw", mid, "2M");
        t.makeTestImg("4M", "-b", mid, "-F", "qcow2");
        t.imgInfo("--backing-chain");
        t.imgInfo("--backing-chain", "--output=json");
        t.echo("=== without --backing-chain only the top ===");
        t.imgInfo("--output=json");
    }
}
