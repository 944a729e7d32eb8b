package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * convert -c compresses clusters on several threads and commits them in order: the image must be
 * byte-identical to qemu-img convert -c's (which compresses one cluster at a time), for zlib and
 * zstd, small and large clusters, a qcow2 source with zero clusters, and clusters that do not
 * compress (stored as data clusters between compressed ones).
 */
class ConvertCompressTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void input() throws Exception {
        assertTrue(ReferenceRun.referenceAvailable(), "qemu-img (the reference) must be installed");
        Random rnd = new Random(9);
        byte[] img = new byte[12 << 20];
        String[] words = {"block ", "cluster ", "qcow2 ", "refcount ", "table ", "zero ", "\n", "data "};
        int pos = 0;
        while (pos < img.length) {
            int kind = rnd.nextInt(4);
            int len = Math.min(img.length - pos, (1 + rnd.nextInt(48)) << 12);
            switch (kind) {
                case 0 -> {
                    // compressible text
                    int end = pos + len;
                    while (pos < end) {
                        byte[] w = words[rnd.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII);
                        int n = Math.min(w.length, end - pos);
                        System.arraycopy(w, 0, img, pos, n);
                        pos += n;
                    }
                }
                case 1 -> {
                    // incompressible: stored uncompressed
                    byte[] r = new byte[len];
                    rnd.nextBytes(r);
                    System.arraycopy(r, 0, img, pos, len);
                    pos += len;
                }
                default -> pos += len; // zeroes
            }
        }
        // an odd size: the last cluster is partial
        Files.write(dir.resolve("in.raw"), Arrays.copyOf(img, img.length - 3 * 512));
        ReferenceRun.Outcome o = ReferenceRun.qemu(dir, List.of("convert", "-f", "raw", "-O", "qcow2", "in.raw",
                "in.qcow2"));
        assertThat(o.exitCode()).as(o.toString()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "compression_type=zlib", "compression_type=zstd", "compression_type=zlib,cluster_size=4096",
        "compression_type=zstd,cluster_size=2M", "compression_type=zlib,cluster_size=512"})
    void imageIsByteIdenticalToQemuImg(String opts) throws IOException, InterruptedException {
        for (String src : List.of("in.raw", "in.qcow2")) {
            List<String> q = List.of("convert", "-c", "-O", "qcow2", "-o", opts, src, "q.qcow2");
            List<String> j = List.of("convert", "-c", "-O", "qcow2", "-o", opts, src, "j.qcow2");
            ReferenceRun.Outcome ref = ReferenceRun.qemu(dir, q);
            ReferenceRun.Outcome ours = ReferenceRun.java(dir, j);
            assertThat(ours).as(opts + " " + src).isEqualTo(ref);
            assertThat(ref.exitCode()).isZero();
            byte[] a = Files.readAllBytes(dir.resolve("q.qcow2"));
            byte[] b = Files.readAllBytes(dir.resolve("j.qcow2"));
            assertThat(Arrays.mismatch(a, b)).as("first differing byte, " + opts + " " + src).isEqualTo(-1);
        }
    }
}
