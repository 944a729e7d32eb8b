package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * convert with target options: to qcow2 v2 from an image with zero clusters, to other cluster
 * sizes, with preallocation=metadata and to an extended-L2 target; content always equal.
 */
@IoTest(number = 107, title = "convert with target creation options",
        groups = {"convert", "auto", "quick"}, formats = {"qcow2"})
final class T107 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("2M");
        t.ioCmds("write -q -P 0x07 0 1M", "write -q -z 256k 128k", "write -q -P 0x08 1536k 4k");
        String out = t.path("out.qcow2").toString();
        for (String o : new String[] {"compat=0.10", "cluster_size=4k", "cluster_size=2M",
                "preallocation=metadata", "extended_l2=on", "refcount_bits=1", "lazy_refcounts=on"}) {
            t.echo("=== -o " + o + " ===");
            t.img("convert", "-O", "qcow2", "-o", o, t.testImg(), out);
            t.img("compare", t.testImg(), out);
            t.io("-c", "map", out);
            t.img("check", out);
        }
        t.echo("rc=" + t.img("convert", "-O", "qcow2", "-o", "cluster_size=3k", t.testImg(), out));
    }
}
