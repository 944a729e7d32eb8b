package io.jiotests.engine.tools.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent aio writes in one qemu-io run place their clusters where qemu-io does: QEMU's
 * requests are coroutines that take turns on the qcow2 lock one L2 slice (one allocation step) at
 * a time, so with small clusters their host clusters interleave. The same commands through
 * jqemu-io and through the reference qemu-io must give byte-identical images. Requests here do
 * not overlap (overlapping allocating writes wait for each other's data writes in QEMU, whose
 * completion order this does not model).
 */
class AioWriteInterleavingTest {
    private static final long SIZE = 8L << 20;

    @TempDir
    Path dir;

    /** Runs {@code pre} (one qemu-io run) then {@code aio} (another) on both and compares. */
    private void sameImage(String options, List<String> pre, List<String> aio)
            throws IOException, InterruptedException {
        for (String name : List.of("q.qcow2", "j.qcow2")) {
            Files.deleteIfExists(dir.resolve(name));
            Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-o", options,
                    name, Long.toString(SIZE)).directory(dir.toFile()).inheritIO().start();
            assertThat(p.waitFor()).as("qemu-img create").isZero();
        }
        for (List<String> cmds : List.of(pre, aio)) {
            if (cmds.isEmpty()) {
                continue;
            }
            IoRun.Result want = IoRun.qemu(dir, args(cmds, "q.qcow2")).filtered();
            IoRun.Result got = IoRun.java(dir, args(cmds, "j.qcow2")).filtered();
            assertThat(got.stdout() + got.stderr()).as("output of %s", cmds)
                    .isEqualTo(want.stdout() + want.stderr());
        }
        assertThat(Files.readAllBytes(dir.resolve("j.qcow2")))
                .as("image after %s / %s with %s", pre, aio, options)
                .isEqualTo(Files.readAllBytes(dir.resolve("q.qcow2")));
    }

    private static List<String> args(List<String> cmds, String image) {
        List<String> a = new ArrayList<>();
        for (String c : cmds) {
            a.add("-c");
            a.add(c);
        }
        a.add(image);
        return a;
    }

    /** Conformance case 033: two 1 MiB writes, 512-byte clusters, after a synchronous one. */
    @Test
    void twoRequestsAlternateL2SlicesLikeCase033() throws Exception {
        sameImage("cluster_size=512", List.of("write -P 0x33 16k 2M"),
                List.of("aio_write -q -P 0x34 4M 1M", "aio_write -q -P 0x35 6M 1M", "aio_flush"));
    }

    /** A request that starts in clusters already allocated takes one turn per slice there too. */
    @Test
    void rewriteOfAllocatedSlicesTakesTurns() throws Exception {
        sameImage("cluster_size=512,refcount_bits=8",
                List.of("write -P 219 6786048 702464", "write -P 156 2584576 264192"),
                List.of("aio_write -q -P 140 7216250 780267", "aio_write -q -P 231 4211645 562542",
                        "aio_flush"));
    }

    /** aio_read submissions do not run the event loop: four writes still take turns in order. */
    @Test
    void fourRequestsWithReadsBetweenTakeTurnsInSubmissionOrder() throws Exception {
        sameImage("cluster_size=1024", List.of(),
                List.of("aio_write -q -P 1 1M 512k", "aio_read -q 0 512", "aio_write -q -P 2 3M 512k",
                        "aio_write -q -P 3 5M 700k", "aio_read -q 7M 4k", "aio_write -q -P 4 6000000 300000",
                        "aio_flush"));
    }

    /** A synchronous write takes its turns with the outstanding aio writes, as qemu-io's does. */
    @Test
    void synchronousWriteTakesTurnsWithOutstandingRequests() throws Exception {
        sameImage("cluster_size=512", List.of(),
                List.of("aio_write -q -P 1 1M 1M", "aio_write -q -P 3 5M 1M", "write -q -P 2 3M 1M",
                        "aio_flush"));
        sameImage("cluster_size=1024", List.of("write -P 5 0 100k"),
                List.of("aio_write -q -P 1 1M 1M", "writev -q -P 2 3M 100k 200k", "aio_flush"));
    }

    /** Random disjoint requests (fixed seed): 2 to 4 of them, various cluster and refcount sizes. */
    @Test
    void randomDisjointRequests() throws Exception {
        Random r = new Random(20261126L);
        int[] clusterSizes = {512, 512, 1024, 2048, 4096, 65536};
        for (int round = 0; round < 10; round++) {
            int cs = clusterSizes[r.nextInt(clusterSizes.length)];
            String options = "cluster_size=" + cs;
            if (r.nextInt(3) == 0) {
                options += ",refcount_bits=" + (1 << r.nextInt(7));
            }
            List<String> pre = new ArrayList<>();
            for (int i = r.nextInt(3); i > 0; i--) {
                long off = (long) r.nextInt((int) ((SIZE - (1 << 20)) / 512)) * 512;
                pre.add("write -P " + (1 + r.nextInt(250)) + " " + off + " " + (512 + r.nextInt(2047) * 512L));
            }
            List<Integer> slots = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
            java.util.Collections.shuffle(slots, r);
            List<String> aio = new ArrayList<>();
            int n = 2 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                long base = (long) slots.get(i) << 20;
                long off = base + (r.nextInt(4) == 0 ? r.nextInt(1 << 19) : (long) r.nextInt(1024) * 512);
                aio.add("aio_write -q -P " + (1 + r.nextInt(250)) + " " + off + " " + (1 + r.nextInt(1 << 19)));
                if (r.nextInt(4) == 0) {
                    aio.add("aio_read -q " + (long) slots.get(7) * (1 << 20) + " 4096");
                }
            }
            aio.add("aio_flush");
            sameImage(options, pre, aio);
        }
    }
}
