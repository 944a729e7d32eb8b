package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** compression_type=zstd: compressed writes, reads, convert -c into zstd and zlib, info shows the type. */
@IoTest(number = 95, title = "qcow2 zstd compression",
        groups = {"compress", "rw", "auto", "quick"}, formats = {"qcow2"})
final class T095 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        for (String cs : new String[] {"4k", "64k", "1M"}) {
            t.echo("=== cluster_size=" + cs + " ===");
            t.makeTestImg("4M", "-o", "compression_type=zstd,cluster_size=" + cs);
            t.ioCmds("write -c -P 0x95 0 " + cs, "write -c -z " + cs + " " + cs, "read -P 0x95 0 " + cs);
            t.img("check", t.testImg());
        }
        t.imgInfo();
        t.echo("=== convert -c between compression types ===");
        t.ioCmds("write -q -P 0x96 1M 2M");
        String zlib = t.path("zlib.qcow2").toString();
        String zstd = t.path("zstd.qcow2").toString();
        t.img("convert", "-c", "-O", "qcow2", t.testImg(), zlib);
        t.img("convert", "-c", "-O", "qcow2", "-o", "compression_type=zstd", zlib, zstd);
        t.img("compare", t.testImg(), zstd);
        t.img("check", zstd);
        t.echoFiltered(t.imgQuiet("info", zstd).stdout(),
                s -> s.lines().filter(l -> l.contains("compression")).map(l -> l + "\n").reduce("", String::concat));
        t.echo("=== zstd needs compat=1.1 ===");
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-o", "compression_type=zstd,compat=0.10", t.testImg(), "1M"));
    }
}
