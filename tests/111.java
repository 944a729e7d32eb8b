package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qcow2 runtime cache options through --image-opts: l2-cache-size, refcount-cache-size,
 * cache-size, l2-cache-entry-size, cache-clean-interval; data is the same, conflicts are errors.
 */
@IoTest(number = 111, title = "qcow2 metadata cache options",
        groups = {"rw", "cache", "auto", "quick"}, formats = {"qcow2"})
final class T111 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("64M", "-o", "cluster_size=4k");
        t.ioCmds("write -q -P 0x11 0 8M", "write -q -P 0x12 32M 8M");
        String file = "file.filename=" + t.testImg() + ",driver=qcow2";
        for (String o : new String[] {"l2-cache-size=4k", "l2-cache-size=1M,refcount-cache-size=64k", "cache-size=2M",
                "l2-cache-entry-size=512", "cache-clean-interval=1", "overlap-check=all", "overlap-check=none"}) {
            t.echo("--- " + o);
            t.io("--image-opts", "-c", "read -q -P 0x11 0 8M", "-c", "read -q -P 0x12 32M 8M", "-c", "write -q -P 0x13 60M 64k",
                 "-c", "read -P 0x13 60M 64k", o + "," + file);
        }
        t.echo("=== invalid ===");
        for (String o : new String[] {"l2-cache-size=1M,refcount-cache-size=1M,cache-size=1M", "l2-cache-entry-size=100",
                "l2-cache-entry-size=8k", "cache-clean-interval=-1", "overlap-check=bogus", "l2-cache-size=x"}) {
            t.echo("rc=" + t.io("--image-opts", "-c", "read 0 512", o + "," + file));
        }
        t.img("check", t.testImg());
    }
}
