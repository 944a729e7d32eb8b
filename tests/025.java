package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * write -z -u (may unmap) turns whole allocated clusters into zero clusters whose space is freed,
 * while write -z without -u keeps them allocated (preallocated zero); partial clusters are written.
 */
@IoTest(number = 25, title = "qcow2 write -z with and without -u (unmap)",
        groups = {"rw", "zero", "discard", "auto", "quick"}, formats = {"qcow2"})
final class T025 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x77 0 512k");
        t.img("check", t.testImg());
        t.ioCmds("write -z 0 128k", "write -z -u 128k 128k", "write -z -u 300k 100k");
        t.ioCmds("read -P 0 0 256k", "read -P 0x77 256k 44k", "read -P 0 300k 100k", "read -P 0x77 400k 112k");
        t.img("map", "--output=json", t.testImg());
        t.ioCmds("map");
        t.img("check", t.testImg());
        t.echo("=== writing into the freed space ===");
        t.ioCmds("write -P 0x78 768k 128k", "read -P 0x78 768k 128k");
        t.img("map", "--output=json", t.testImg());
        t.img("check", t.testImg());
    }
}
