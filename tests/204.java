package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import java.nio.file.Path;

/**
 * qcow version 1 images (format "qcow"): create with and without a backing file, writes of any
 * alignment (no copy from the backing file), zero writes stored as data, compressed writes
 * (placed at the sector-rounded end of the file; over an allocated cluster they overwrite it in
 * place), map, check (unsupported), convert to qcow plain and compressed (qemu-img 7.2 exits 1
 * after a compressed convert: the driver refuses the end-of-stream write), and header fields
 * that QEMU refuses with its messages. Images are compared between implementations.
 */
@IoTest(number = 204, title = "qcow version 1 images: create, write, compress, map, convert, hostile headers",
        groups = {"qcow1", "img", "rw", "auto", "quick"}, formats = {"qcow2"})
final class T204 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String v1 = t.testImg(); // a qcow image under the qcow2 test image name: probed as qcow
        t.echo("=== create and write ===");
        t.img("create", "-f", "qcow", v1, "10M");
        t.ioCmdsOn(v1, "qcow", "write -P 1 0 4k", "write -P 2 8M 1k", "write -P 3 1k 1k",
                "write -c -P 4 64k 4k", "write -c -P 5 72k 4k", "write -z 128k 8k", "discard 0 4k",
                "write -P 6 200k 100", "write -c 300k 2k");
        t.ioCmdsOn(v1, "qcow", "read -P 1 0 1k", "read -P 3 1k 1k", "read -P 1 2k 2k", "read -P 4 64k 4k",
                "read -P 5 72k 4k", "read -P 0 128k 8k", "read -P 6 200k 100", "read -P 0 4k 60k",
                "read -P 2 8M 1k");
        t.checkpoint("after writes", Path.of(v1));
        t.imgInfo();
        t.img("map", "--output=json", v1);
        t.echo("check rc=" + t.img("check", v1));
        t.echo("=== compressed write over allocated clusters ===");
        t.ioCmdsOn(v1, "qcow", "write -c -P 7 0 4k", "read -P 7 0 4k", "write -c -P 8 64k 4k", "read -P 8 64k 4k",
                "write -P 9 66k 512", "read -P 8 64k 2k", "read -P 9 66k 512");
        t.checkpoint("compressed overwrite", Path.of(v1));
        t.echo("=== backing file ===");
        String base = t.path("base.qcow2").toString();
        String top = t.path("top.qcow").toString();
        t.img("create", "-f", "qcow2", base, "4M");
        t.ioCmdsOn(base, "qcow2", "write -P 0x33 0 4M");
        // relative to the image's directory, so that the header is the same in every test directory
        t.img("create", "-f", "qcow", "-b", "base.qcow2", "-F", "qcow2", top);
        t.ioCmdsOn(top, "qcow", "write -P 0x44 100 200", "write -P 0x55 4000 10000", "write -c -P 0x66 1M 512");
        t.ioCmdsOn(top, "qcow", "read -P 0x33 0 100", "read -P 0x44 100 200", "read -P 0x33 300 212",
                "read -P 0x33 512 3488", "read -P 0x55 4000 10000", "read -P 0x66 1M 512", "read -P 0x33 2M 1M");
        t.checkpoint("backed", Path.of(top));
        t.img("map", "--output=json", top);
        t.echo("=== convert ===");
        String plain = t.path("plain.qcow").toString();
        String packed = t.path("packed.qcow").toString();
        t.echo("convert rc=" + t.img("convert", "-O", "qcow", v1, plain));
        t.echo("convert -c rc=" + t.img("convert", "-c", "-O", "qcow", v1, packed));
        t.checkpoint("converted", Path.of(plain), Path.of(packed));
        t.echo("compare rc=" + t.img("compare", v1, plain));
        t.echo("compare rc=" + t.img("compare", v1, packed));
        t.img("map", "--output=json", packed);
        t.echo("=== hostile headers ===");
        long[][] pokes = {{32, 1, 8}, {32, 1, 17}, {33, 1, 5}, {33, 1, 14}, {24, 8, 1}, {36, 4, 2},
            {24, 8, 0x7fffffffffffffffL}, {40, 8, 0x8000000000000000L}};
        for (long[] p : pokes) {
            t.img("create", "-q", "-f", "qcow", v1, "1M");
            t.pokeBe(Path.of(v1), p[0], (int) p[1], p[2]);
            t.echo("poke " + p[0] + ": info rc=" + t.img("info", v1));
        }
        t.echo("qcow2 image as qcow: rc=" + t.img("info", "-f", "qcow", base));
    }
}
