package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qemu-img create and info: sizes with suffixes, human and JSON info, a missing file. */
@IoTest(number = 1, title = "create and info", groups = {"quick", "auto", "img"}, formats = {"generic"})
final class T001 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        t.echo("=== create 64M and show info ===");
        t.makeTestImg("64M");
        t.imgInfo();
        t.echo("");
        t.echo("=== JSON info ===");
        t.imgInfo("--output=json");
        t.echo("");
        t.echo("=== sizes with suffixes ===");
        for (String size : new String[] {"1G", "1536k", "512"}) {
            t.makeTestImg(size);
            t.imgInfo();
        }
        t.echo("");
        t.echo("=== info on a missing file ===");
        int rc = t.img("info", t.path("does-not-exist." + t.fmt()).toString());
        t.echo("exit code " + rc);
    }
}
