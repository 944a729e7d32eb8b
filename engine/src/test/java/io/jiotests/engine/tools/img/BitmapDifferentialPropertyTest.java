package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.tools.ToolContext;
import io.jiotests.engine.tools.io.QemuIoTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of qemu-img bitmap actions (add with granularities, remove, clear, enable,
 * disable, merge, several actions in one call) interleaved with guest writes, run through the
 * reference qemu-img / qemu-io and through jqemu-img / jqemu-io in-process on copies of the same
 * image: after every step the exit code, the output and the image bytes are identical, and at the
 * end qemu-img check finds the engine's image clean.
 */
class BitmapDifferentialPropertyTest {
    static final String[] NAMES = {"a", "b", "c"};

    /** kind: 0 add, 1 remove, 2 clear, 3 enable, 4 disable, 5 merge, 6 write, 7 add+disable, 8 zero write. */
    record Step(int kind, int name, int other, long granularity, long offset, long length) {
        List<String> img() {
            List<String> a = new ArrayList<>(List.of("bitmap"));
            switch (kind) {
                case 0 -> a.add("--add");
                case 1 -> a.add("--remove");
                case 2 -> a.add("--clear");
                case 3 -> a.add("--enable");
                case 4 -> a.add("--disable");
                case 5 -> a.addAll(List.of("--merge", NAMES[other]));
                default -> a.addAll(List.of("--add", "--disable"));
            }
            if ((kind == 0 || kind == 7) && granularity != 0) {
                a.addAll(List.of("-g", Long.toString(granularity)));
            }
            a.addAll(List.of("t.qcow2", NAMES[name]));
            return a;
        }

        String io() {
            return (kind == 8 ? "write -z " : "write -P " + (name + 1) + " ") + offset + " " + length;
        }
    }

    @Provide
    Arbitrary<Integer> clusterSizes() {
        return Arbitraries.of(512, 4096, 65536);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> kind = Arbitraries.of(0, 0, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 8);
        Arbitrary<Integer> name = Arbitraries.integers().between(0, NAMES.length - 1);
        Arbitrary<Long> gran = Arbitraries.of(0L, 512L, 4096L, 65536L, 1L << 20);
        Arbitrary<Long> sector = Arbitraries.longs().between(0, (4L << 20) / 512 - 1);
        Arbitrary<Long> sectors = Arbitraries.longs().between(1, 300);
        return Combinators.combine(kind, name, name, gran, sector, sectors).as((k, n, o, g, s, c) ->
                new Step(k, n, o, g, s * 512, Math.min(c * 512, (4L << 20) - s * 512))).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 30, seed = "20261126")
    void sameOutputsAndImagesAsQemu(@ForAll("clusterSizes") int clusterSize, @ForAll("steps") List<Step> steps)
            throws Exception {
        assertThat(ReferenceRun.referenceAvailable()).as("qemu-img (the reference) must be installed").isTrue();
        Path q = Files.createTempDirectory("bitmap-ref");
        Path j = Files.createTempDirectory("bitmap-java");
        try {
            List<String> create = List.of("create", "-q", "-f", "qcow2", "-o", "cluster_size=" + clusterSize,
                    "t.qcow2", "4M");
            assertThat(ReferenceRun.qemu(q, create).exitCode()).isZero();
            Files.copy(q.resolve("t.qcow2"), j.resolve("t.qcow2"));
            for (Step st : steps) {
                ReferenceRun.Outcome ref;
                ReferenceRun.Outcome ours;
                if (st.kind() == 6 || st.kind() == 8) {
                    List<String> args = List.of("-f", "qcow2", "-c", st.io(), "t.qcow2");
                    ref = io(q, args);
                    ours = javaIo(j, args);
                    ref = new ReferenceRun.Outcome(ref.exitCode(), timings(ref.out()), ref.err());
                    ours = new ReferenceRun.Outcome(ours.exitCode(), timings(ours.out()), ours.err());
                } else {
                    ref = nodeName(ReferenceRun.qemu(q, st.img()));
                    ours = nodeName(ReferenceRun.java(j, st.img()));
                }
                assertThat(ours).as("%s after %s", st, steps).isEqualTo(ref);
                assertThat(Files.mismatch(q.resolve("t.qcow2"), j.resolve("t.qcow2")))
                        .as("first differing byte after %s in %s", st, steps).isEqualTo(-1L);
            }
            ReferenceRun.Outcome check = ReferenceRun.qemu(j, List.of("check", "t.qcow2"));
            assertThat(check.exitCode()).as(check.toString()).isZero();
            ReferenceRun.Outcome info = ReferenceRun.qemu(j, List.of("info", "--output=json", "t.qcow2"));
            assertThat(ReferenceRun.java(j, List.of("info", "--output=json", "t.qcow2"))).isEqualTo(info);
        } finally {
            for (Path d : List.of(q, j)) {
                try (var walk = Files.walk(d)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static ReferenceRun.Outcome nodeName(ReferenceRun.Outcome o) {
        return new ReferenceRun.Outcome(o.exitCode(), o.out(), o.err().replaceAll("#block1[0-9]{2}\\b", "#block1NN"));
    }

    private static String timings(String s) {
        return s.replaceAll("(?m)^(.*ops; ).*$", "$1X");
    }

    private static ReferenceRun.Outcome io(Path cwd, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-io"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ReferenceRun.Outcome(p.waitFor(), out, err);
    }

    private static ReferenceRun.Outcome javaIo(Path cwd, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, false, StandardCharsets.UTF_8)) {
            int rc = new QemuIoTool().run(new ToolContext(o, e, cwd, Map.of()), args.toArray(String[]::new));
            o.flush();
            e.flush();
            return new ReferenceRun.Outcome(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
