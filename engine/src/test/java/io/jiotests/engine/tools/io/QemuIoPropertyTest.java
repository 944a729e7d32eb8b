package io.jiotests.engine.tools.io;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of qemu-io commands run through jqemu-io (in-process) and the reference
 * qemu-io on separate copies of one raw image: the outputs (timing masked), exit codes and final
 * image bytes must be identical.
 */
class QemuIoPropertyTest {
    private static final long SIZE = 128 * 1024;
    private Path dir;

    @BeforeTry
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("jqemu-io-prop");
    }

    @AfterTry
    void removeDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<String>> sequences() {
        // offsets mostly inside, sometimes around or past the end (errors must match too)
        Arbitrary<Long> off = Arbitraries.oneOf(
                Arbitraries.longs().between(0, SIZE),
                Arbitraries.longs().between(0, SIZE / 512).map(s -> s * 512),
                Arbitraries.longs().between(SIZE - 4096, SIZE + 4096));
        Arbitrary<Long> len = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 9000),
                Arbitraries.longs().between(1, 32).map(n -> n * 512),
                Arbitraries.of(65536L, 131072L));
        Arbitrary<Integer> pat = Arbitraries.integers().between(0, 255);
        Arbitrary<String> write = Combinators.combine(pat, off, len).as((p, o, l) -> "write -P " + p + " " + o + " " + l);
        Arbitrary<String> zero = Combinators.combine(Arbitraries.of("", "-u "), off, len)
                .as((u, o, l) -> "write -z " + u + o + " " + l);
        Arbitrary<String> discard = Combinators.combine(off, len).as((o, l) -> "discard " + o + " " + l);
        Arbitrary<String> read = Combinators.combine(pat, off, len).as((p, o, l) -> "read -P " + p + " " + o + " " + l);
        Arbitrary<String> dump = Combinators.combine(off, Arbitraries.longs().between(0, 70))
                .as((o, l) -> "read -v " + o + " " + l);
        Arbitrary<String> alloc = Combinators.combine(off, len).as((o, l) -> "alloc " + o + " " + l);
        Arbitrary<String> truncate = Arbitraries.longs().between(SIZE / 2, SIZE * 2).map(n -> "truncate " + n);
        Arbitrary<String> vec = Combinators.combine(pat, off, len, len)
                .as((p, o, a, b) -> "writev -P " + p + " " + o + " " + a + " " + b);
        Arbitrary<String> readv = Combinators.combine(pat, off, len, len)
                .as((p, o, a, b) -> "readv -P " + p + " " + o + " " + a + " " + b);
        Arbitrary<String> aio = Combinators.combine(pat, off, len)
                .as((p, o, l) -> "aio_write -P " + p + " " + o + " " + l + "\naio_flush");
        Arbitrary<String> fixed = Arbitraries.of("map", "length", "flush", "info", "alloc 0", "read -q 0 1",
                "write -c 0 512", "write -u 0 1", "read -C 0 0");
        Arbitrary<String> one = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, write), net.jqwik.api.Tuple.of(3, zero), net.jqwik.api.Tuple.of(3, discard),
                net.jqwik.api.Tuple.of(5, read), net.jqwik.api.Tuple.of(1, dump), net.jqwik.api.Tuple.of(2, alloc),
                net.jqwik.api.Tuple.of(1, truncate), net.jqwik.api.Tuple.of(2, vec), net.jqwik.api.Tuple.of(2, readv),
                net.jqwik.api.Tuple.of(1, aio), net.jqwik.api.Tuple.of(2, fixed));
        return one.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 250)
    void sameOutputAndBytesAsQemuIo(@ForAll("sequences") List<String> commands,
                                    @ForAll boolean direct) throws Exception {
        byte[] initial = new byte[(int) SIZE];
        for (int i = 0; i < initial.length; i += 4096) {
            initial[i] = (byte) (i >> 12);
        }
        Files.write(dir.resolve("q.img"), initial);
        Files.write(dir.resolve("j.img"), initial);
        List<String> q = args("q.img", commands, direct);
        List<String> j = args("j.img", commands, direct);
        IoRun.Result expected = IoRun.qemu(dir, q).filtered();
        IoRun.Result actual = IoRun.java(dir, j).filtered();
        assertThat(actual.stdout()).as("stdout of %s", commands).isEqualTo(expected.stdout());
        assertThat(actual.stderr().replace("j.img", "q.img")).as("stderr of %s", commands)
                .isEqualTo(expected.stderr());
        assertThat(actual.exit()).as("exit of %s", commands).isEqualTo(expected.exit());
        byte[] want = Files.readAllBytes(dir.resolve("q.img"));
        byte[] got = Files.readAllBytes(dir.resolve("j.img"));
        assertThat(got.length).as("image size after %s", commands).isEqualTo(want.length);
        assertThat(java.util.Arrays.mismatch(got, want)).as("first differing byte after %s", commands).isEqualTo(-1);
    }

    private static List<String> args(String image, List<String> commands, boolean direct) {
        List<String> a = new ArrayList<>(List.of("-f", "raw"));
        if (direct) {
            a.add("-n");
        }
        for (String c : commands) {
            for (String part : c.split("\n")) {
                a.add("-c");
                a.add(part);
            }
        }
        a.add(image);
        return a;
    }
}
