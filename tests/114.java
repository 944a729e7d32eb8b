package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Many snapshots: the snapshot table grows past one cluster with 512-byte clusters; names, IDs,
 * duplicate names (allowed, applied by first match), deleting every other one, check throughout.
 */
@IoTest(number = 114, title = "many snapshots and a growing snapshot table",
        groups = {"snapshot", "auto", "quick"}, formats = {"qcow2"})
final class T114 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M", "-o", "cluster_size=512");
        for (int i = 0; i < 24; i++) {
            t.ioCmds(String.format("write -q -P 0x%x %d 512", i + 1, i * 512));
            t.img("snapshot", "-c", "snapshot-with-a-rather-long-name-" + i, t.testImg());
        }
        t.img("snapshot", "-c", "dup", t.testImg());
        t.ioCmds("write -q -P 0x77 0 512");
        t.img("snapshot", "-c", "dup", t.testImg());
        t.echoFiltered(t.imgQuiet("snapshot", "-l", t.testImg()).stdout(), T052::noDates);
        t.img("check", t.testImg());
        for (int i = 0; i < 24; i += 2) {
            t.img("snapshot", "-d", "snapshot-with-a-rather-long-name-" + i, t.testImg());
        }
        t.echoFiltered(t.imgQuiet("snapshot", "-l", t.testImg()).stdout(), T052::noDates);
        t.img("check", t.testImg());
        t.img("snapshot", "-a", "snapshot-with-a-rather-long-name-5", t.testImg());
        t.ioCmds("read -P 0x6 2560 512", "read -P 0 3072 512", "read -P 0x1 0 512");
        t.img("snapshot", "-a", "dup", t.testImg());
        t.ioCmds("read -v 0 4");
        t.echo("=== snapshots on raw ===");
        String raw = t.path("r.raw").toString();
        t.img("create", "-q", "-f", "raw", raw, "1M");
        t.echo("rc=" + t.img("snapshot", "-c", "s", raw));
        t.echo("rc=" + t.img("snapshot", "-l", raw));
    }
}
