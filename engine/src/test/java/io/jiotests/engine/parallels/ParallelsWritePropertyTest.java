package io.jiotests.engine.parallels;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Random write / zero-write / discard / read sequences (fixed seed) on two Parallels images made
 * alike by qemu-img (cluster sizes 512 bytes to 1 MiB), one through qemu-io and one through
 * jqemu-io: same output and exit code, byte-identical files afterwards (allocation order, BAT
 * blocks, in-use marker and the final cut of the file included), and the same map and check.
 */
class ParallelsWritePropertyTest {
    private static final long SIZE = 3 * 1024 * 1024 + 1536;
    private Path dir;

    @BeforeTry
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("parallels-prop");
    }

    @AfterTry
    void removeDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<String>> sequences() {
        Arbitrary<Long> off = Arbitraries.oneOf(
                Arbitraries.longs().between(0, SIZE),
                Arbitraries.longs().between(0, SIZE / 512).map(s -> s * 512),
                Arbitraries.longs().between(0, 3).map(b -> b * 1048576 - 2048).filter(o -> o >= 0),
                Arbitraries.longs().between(SIZE - 4096, SIZE + 1024));
        Arbitrary<Long> len = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 9000),
                Arbitraries.longs().between(1, 32).map(n -> n * 512),
                Arbitraries.of(65536L, 1048576L, 1572864L));
        Arbitrary<Integer> pat = Arbitraries.integers().between(1, 255);
        Arbitrary<String> write = Combinators.combine(pat, off, len).as((p, o, l) -> "write -P " + p + " " + o + " " + l);
        Arbitrary<String> zero = Combinators.combine(Arbitraries.of("", "-u "), off, len)
                .as((u, o, l) -> "write -z " + u + o + " " + l);
        Arbitrary<String> discard = Combinators.combine(off, len).as((o, l) -> "discard " + o + " " + l);
        Arbitrary<String> read = Combinators.combine(pat, off, len).as((p, o, l) -> "read -P " + p + " " + o + " " + l);
        Arbitrary<String> dump = Combinators.combine(off, Arbitraries.longs().between(0, 40))
                .as((o, l) -> "read -v " + o + " " + l);
        Arbitrary<String> alloc = Combinators.combine(off, len).as((o, l) -> "alloc " + o + " " + l);
        Arbitrary<String> vec = Combinators.combine(pat, off, len, len)
                .as((p, o, a, b) -> "writev -P " + p + " " + o + " " + a + " " + b);
        Arbitrary<String> aio = Combinators.combine(pat, off, len)
                .as((p, o, l) -> "aio_write -P " + p + " " + o + " " + l + "\naio_flush");
        Arbitrary<String> fixed = Arbitraries.of("map", "length", "flush", "write -c 0 512", "truncate 8M", "info");
        Arbitrary<String> one = Arbitraries.frequencyOf(
                Tuple.of(8, write), Tuple.of(3, zero), Tuple.of(2, discard), Tuple.of(4, read), Tuple.of(1, dump),
                Tuple.of(2, alloc), Tuple.of(2, vec), Tuple.of(1, aio), Tuple.of(1, fixed));
        return one.list().ofMinSize(1).ofMaxSize(10);
    }

    @Provide
    Arbitrary<String> clusterSizes() {
        return Arbitraries.of("512", "1000", "4k", "64k", "1M");
    }

    @Property(tries = 30, seed = "20261126")
    void sameOutputAndBytesAsQemuIo(@ForAll("sequences") List<String> commands,
                                    @ForAll("clusterSizes") String clusterSize) throws Exception {
        for (String name : List.of("q.parallels", "j.parallels")) {
            List<String> create = List.of("create", "-q", "-f", "parallels", "-o", "cluster_size=" + clusterSize,
                    name, "" + SIZE);
            assertThat(ToolRuns.qemu(dir, "qemu-img", create).exit()).isZero();
        }
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", ToolRuns.ioArgs("parallels", "q.parallels", commands));
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", ToolRuns.ioArgs("parallels", "j.parallels", commands));
        assertThat(got.stdout()).as("stdout of %s", commands).isEqualTo(want.stdout());
        assertThat(got.stderr().replace("j.parallels", "q.parallels")).as("stderr of %s", commands)
                .isEqualTo(want.stderr());
        assertThat(got.exit()).as("exit of %s", commands).isEqualTo(want.exit());
        assertThat(Files.size(dir.resolve("j.parallels"))).as("file size after %s", commands)
                .isEqualTo(Files.size(dir.resolve("q.parallels")));
        assertThat(Files.mismatch(dir.resolve("j.parallels"), dir.resolve("q.parallels")))
                .as("first differing byte after %s", commands).isEqualTo(-1L);
        for (String sub : List.of("map", "check")) {
            List<String> args = List.of(sub, "--output=json", "-f", "parallels");
            ToolRuns.Result wm = ToolRuns.qemu(dir, "qemu-img", append(args, "q.parallels"));
            ToolRuns.Result gm = ToolRuns.java(dir, "qemu-img", append(args, "j.parallels"));
            assertThat(gm.stdout().replace("j.parallels", "q.parallels")).as("%s after %s", sub, commands)
                    .isEqualTo(wm.stdout());
            assertThat(gm.exit()).isEqualTo(wm.exit());
        }
    }

    static List<String> append(List<String> a, String last) {
        List<String> r = new java.util.ArrayList<>(a);
        r.add(last);
        return r;
    }
}
