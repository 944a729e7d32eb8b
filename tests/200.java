package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import java.nio.file.Path;

/** Hostile qcow2 header fields: version, cluster bits, size, L1 size, refcount order set to extremes. */
@IoTest(number = 200, title = "qcow2 header fields set to extremes are refused with qemu's errors",
        groups = {"robustness", "hostile", "auto", "quick"}, formats = {"qcow2"})
final class T200 implements ConformanceTest {

    record Field(String name, long offset, int width, long value) {
    }

    @Override
    public void run(TestContext t) {
        Path img = Path.of(t.testImg());
        Field[] fields = {
            new Field("version 1", 4, 4, 1), new Field("version 4", 4, 4, 4),
            new Field("version 0xffffffff", 4, 4, 0xffffffffL),
            new Field("cluster_bits 8", 20, 4, 8), new Field("cluster_bits 22", 20, 4, 22),
            new Field("cluster_bits 0xffffffff", 20, 4, 0xffffffffL),
            new Field("size 2^63-1", 24, 8, Long.MAX_VALUE), new Field("size 2^56", 24, 8, 1L << 56),
            new Field("l1_size 0x7fffffff", 36, 4, 0x7fffffffL), new Field("l1_size 0x02000001", 36, 4, 0x02000001L),
            new Field("refcount_order 7", 96, 4, 7), new Field("refcount_order 0xffffffff", 96, 4, 0xffffffffL),
            new Field("header_length 0xffffffff", 100, 4, 0xffffffffL), new Field("crypt_method 99", 32, 4, 99),
            new Field("incompatible bit 63", 72, 8, 1L << 63),
        };
        for (Field f : fields) {
            t.echo("=== " + f.name() + " ===");
            t.makeTestImg("64M");
            t.ioCmds("write -P 0x5a 0 64k");
            t.pokeBe(img, f.offset(), f.width(), f.value());
            t.echo("info rc=" + t.imgInfo());
            t.echo("read rc=" + t.ioCmds("read -P 0x5a 0 64k"));
        }
    }
}
