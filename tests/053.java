package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Snapshots and zero clusters: zeroing data that a snapshot shares must not change the snapshot;
 * zero clusters captured in a snapshot stay zero after the active layer rewrites them.
 */
@IoTest(number = 53, title = "snapshots of images with zero clusters",
        groups = {"snapshot", "zero", "auto", "quick"}, formats = {"qcow2"})
final class T053 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x53 0 512k", "write -z 128k 64k", "write -z -u 192k 64k");
        t.img("snapshot", "-c", "s", t.testImg());
        t.ioCmds("write -z 0 64k", "write -z -u 64k 64k", "write -P 0x54 128k 128k", "discard 256k 64k");
        t.img("map", "--output=json", t.testImg());
        t.img("check", t.testImg());
        t.img("snapshot", "-a", "s", t.testImg());
        t.ioCmds("read -P 0x53 0 128k", "read -P 0 128k 128k", "read -P 0x53 256k 256k");
        t.img("map", "--output=json", t.testImg());
        t.img("snapshot", "-d", "s", t.testImg());
        t.img("check", t.testImg());
    }
}
