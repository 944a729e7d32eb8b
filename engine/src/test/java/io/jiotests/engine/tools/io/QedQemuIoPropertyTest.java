package io.jiotests.engine.tools.io;

import io.jiotests.engine.formats.QemuIoSequences;
import io.jiotests.engine.formats.QemuIoSequences.Kind;
import io.jiotests.engine.formats.TempDirPerTry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * QED differential property: one image made by the reference qemu-img (4 KiB or 64 KiB clusters,
 * two or four cluster tables, with or without a raw backing file holding a pattern), copied; a
 * random sequence of writes, zero writes (aligned and not), discards, reads and allocation queries
 * run through jqemu-io (in-process) on one copy and the reference qemu-io on the other. Outputs,
 * exit codes and the final image bytes must be identical: the engine allocates clusters and L2
 * tables in QEMU's order and writes the same metadata.
 */
class QedQemuIoPropertyTest extends TempDirPerTry {
    private static final long SIZE = 12L << 20;
    record Layout(int clusterSize, int tableSize, boolean backing) {
    }

    @Provide
    Arbitrary<Layout> layouts() {
        return Combinators.combine(Arbitraries.of(4096, 65536), Arbitraries.of(2, 4), Arbitraries.of(true, false))
                .as(Layout::new);
    }

    @Provide
    Arbitrary<List<String>> sequences() {
        // 4 KiB clusters with 2-cluster tables map 4 MiB per L2 table: offsets reach three of them
        Arbitrary<Long> clusters = Arbitraries.longs().between(0, SIZE / 4096 - 1).map(c -> c * 4096);
        return QemuIoSequences.over(QemuIoSequences.offsets(SIZE, clusters, 8192, 4096),
                        QemuIoSequences.lengths(4096, 40, 65536L, 131072L, 200000L))
                .weight(Kind.WRITE, 8).weight(Kind.ZERO, 4).weight(Kind.DISCARD, 2).weight(Kind.READ, 3)
                .weight(Kind.ALLOC, 2).weight(Kind.WRITEV, 2).weight(Kind.FIXED, 1)
                .fixed("map", "length", "flush", "info").lists(14);
    }

    @Property(tries = 80, seed = "20261126")
    void sameOutputAndBytesAsQemuIo(@ForAll("layouts") Layout layout,
                                    @ForAll("sequences") List<String> commands) throws Exception {
        List<String> create = new ArrayList<>(List.of("create", "-q", "-f", "qed", "-o",
                "cluster_size=" + layout.clusterSize() + ",table_size=" + layout.tableSize()));
        if (layout.backing()) {
            byte[] base = new byte[(int) (SIZE / 2)];
            for (int i = 0; i < base.length; i++) {
                base[i] = (byte) (i / 512 * 7 + 1);
            }
            Files.write(dir.resolve("base.raw"), base);
            create.addAll(List.of("-b", "base.raw", "-F", "raw"));
        }
        create.add("q.qed");
        create.add(Long.toString(SIZE));
        reference(create);
        Files.copy(dir.resolve("q.qed"), dir.resolve("j.qed"));
        IoRun.Result expected = IoRun.qemu(dir, args("q.qed", commands)).filtered();
        IoRun.Result actual = IoRun.java(dir, args("j.qed", commands)).filtered();
        assertThat(actual.stdout()).as("stdout of %s on %s", commands, layout).isEqualTo(expected.stdout());
        assertThat(actual.stderr().replace("j.qed", "q.qed")).as("stderr of %s", commands)
                .isEqualTo(expected.stderr());
        assertThat(actual.exit()).as("exit of %s", commands).isEqualTo(expected.exit());
        byte[] want = Files.readAllBytes(dir.resolve("q.qed"));
        byte[] got = Files.readAllBytes(dir.resolve("j.qed"));
        assertThat(got.length).as("image size after %s on %s", commands, layout).isEqualTo(want.length);
        assertThat(java.util.Arrays.mismatch(got, want)).as("first differing byte after %s on %s", commands, layout)
                .isEqualTo(-1);
    }

    private void reference(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("qemu-img");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("qemu-img %s: %s", args, out).isZero();
    }

    private static List<String> args(String image, List<String> commands) {
        List<String> a = new ArrayList<>(List.of("-f", "qed"));
        for (String c : commands) {
            a.add("-c");
            a.add(c);
        }
        a.add(image);
        return a;
    }
}
