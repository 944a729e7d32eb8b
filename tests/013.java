package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Fills a whole image with per-MiB patterns, verifies each, then overwrites it in one request. */
@IoTest(number = 13, title = "whole-image pattern writes and verification",
        groups = {"rw", "io", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T013 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("4M");
        t.echo("=== one pattern per MiB ===");
        for (int i = 0; i < 4; i++) {
            t.ioCmds(String.format("write -P 0x%x %dM 1M", 0x10 + i, i));
        }
        for (int i = 0; i < 4; i++) {
            t.ioCmds(String.format("read -P 0x%x %dM 1M", 0x10 + i, i));
        }
        t.echo("=== a wrong pattern is reported ===");
        t.ioCmds("read -P 0x11 0 512");
        t.echo("=== the whole image in one request ===");
        t.ioCmds("write -P 0xcd 0 4M", "read -P 0xcd 0 4M", "read -P 0xcd 4194303 1");
    }
}
