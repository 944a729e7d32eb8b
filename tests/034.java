package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Small clusters and 64-bit refcounts make each refcount block cover only 64 clusters and the
 * refcount table only 64 blocks, so writing 3 MiB forces the refcount table to grow and move; the
 * new refcount blocks cannot describe themselves and must be accounted for elsewhere.
 */
@IoTest(number = 34, title = "qcow2 refcount table growth with self-uncovering refcount blocks",
        groups = {"rw", "alloc", "refcount", "auto", "quick"}, formats = {"qcow2"})
final class T034 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("16M", "-o", "cluster_size=512,refcount_bits=64");
        t.ioCmds("write -P 0x34 0 1M");
        t.img("check", t.testImg());
        t.ioCmds("write -P 0x35 1M 3M");
        t.img("check", t.testImg());
        t.ioCmds("write -P 0x36 8M 8M");
        t.img("check", t.testImg());
        t.ioCmds("read -P 0x34 0 1M", "read -P 0x35 1M 3M", "read -P 0 4M 4M", "read -P 0x36 8M 8M");
        // actual-size depends on the host file system: leave it out
        t.echoFiltered(t.imgQuiet("info", "--output=json", t.testImg()).merged(),
                s -> s.replaceAll("(?m)^ *\"actual-size\": .*\n", ""));
    }
}
