package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * zlib-compressed clusters for several cluster sizes: compressible and incompressible data (the
 * latter is stored uncompressed), read back, map, check counts compressed clusters.
 */
@IoTest(number = 94, title = "qcow2 zlib compression with several cluster sizes",
        groups = {"compress", "rw", "auto", "quick"}, formats = {"qcow2"})
final class T094 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String cs : new String[] {"4k", "64k", "2M"}) {
            t.echo("=== cluster_size=" + cs + " ===");
            t.makeTestImg("8M", "-o", "cluster_size=" + cs);
            t.ioCmds("write -c -P 0x94 0 " + cs, "write -c -P 0x95 4M " + cs);
            t.ioCmds("read -P 0x94 0 " + cs, "read -P 0x95 4M " + cs, "read -P 0 " + cs + " 64k");
            t.img("map", "--output=json", t.testImg());
            t.img("check", t.testImg());
            t.echo("--- overwrite part of a compressed cluster");
            t.ioCmds("write -P 0x96 512 512", "read -P 0x94 0 512", "read -P 0x96 512 512", "read -P 0x94 1024 3072");
            t.img("check", t.testImg());
        }
        t.echo("=== incompressible data is stored as a normal cluster ===");
        t.makeTestImg("1M");
        String rnd = t.path("random.bin").toString();
        java.util.Random r = new java.util.Random(94);
        byte[] b = new byte[65536];
        r.nextBytes(b);
        java.nio.file.Files.write(java.nio.file.Path.of(rnd), b);
        t.ioCmds("write -c -s " + rnd + " 0 64k");
        t.img("check", t.testImg());
        t.echo("sha256 of cluster 0 matches: " + java.util.Arrays.equals(
                t.peek(java.nio.file.Path.of(t.testImg()), 5 * 65536, 65536), b));
    }
}
