package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * amend -o compat: v2 to v3 and back. Downgrading turns zero clusters into something v2 can
 * express, and is refused when v3-only features (extended L2, lazy refcounts, refcount width,
 * zstd) are in use; options that only apply at creation are rejected.
 */
@IoTest(number = 60, title = "amend compat up and down",
        groups = {"amend", "header", "auto", "quick"}, formats = {"qcow2"})
final class T060 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M", "-o", "compat=0.10");
        t.ioCmds("write -P 0x60 0 256k");
        t.echo("=== up to 1.1 ===");
        t.img("amend", "-o", "compat=1.1", t.testImg());
        t.imgInfo();
        t.ioCmds("write -z 0 64k", "write -z -u 64k 64k");
        t.img("map", "--output=json", t.testImg());
        t.echo("=== down to 0.10 with zero clusters ===");
        t.img("amend", "-o", "compat=0.10", t.testImg());
        t.imgInfo();
        t.img("map", "--output=json", t.testImg());
        t.ioCmds("read -P 0 0 128k", "read -P 0x60 128k 128k");
        t.img("check", t.testImg());
        t.echo("=== v3-only features block the downgrade ===");
        for (String o : new String[] {"extended_l2=on", "lazy_refcounts=on", "refcount_bits=8", "compression_type=zstd"}) {
            t.makeTestImg("1M", "-o", o);
            t.echo(o + ": rc=" + t.img("amend", "-o", "compat=0.10", t.testImg()));
        }
        t.echo("=== lazy_refcounts can be switched off first ===");
        t.makeTestImg("1M", "-o", "lazy_refcounts=on");
        t.img("amend", "-o", "lazy_refcounts=off,compat=0.10", t.testImg());
        t.imgInfo();
        t.echo("=== bad options ===");
        t.echo("rc=" + t.img("amend", "-o", "cluster_size=4k", t.testImg()));
        t.echo("rc=" + t.img("amend", "-o", "compat=0.9", t.testImg()));
        t.echo("rc=" + t.img("amend", "-o", "nosuchopt=1", t.testImg()));
        t.echo("rc=" + t.img("amend", t.testImg()));
    }
}
