package io.jiotests.engine.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Random write / zero-write / discard / read sequences (fixed seed) on twin VHD images (dynamic or
 * fixed) through jqemu-io and qemu-io: same output and exit code, identical image bytes (block
 * allocation order, sector bitmaps, BAT entries, the footer moved behind each new block), and the
 * same qemu-img map afterwards.
 */
class VpcWritePropertyTest {
    private static final long SIZE = 5 * 1024 * 1024;
    private Path dir;

    @BeforeTry
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("vpc-prop");
    }

    @AfterTry
    void removeDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<String>> sequences() {
        long virtual = 5257216; // 5 MiB rounded up to its CHS geometry
        Arbitrary<Long> off = Arbitraries.oneOf(
                Arbitraries.longs().between(0, virtual),
                Arbitraries.longs().between(0, virtual / 512).map(s -> s * 512),
                Arbitraries.longs().between(1, 2).map(b -> b * 2097152 - 2048),
                Arbitraries.longs().between(virtual - 4096, virtual + 1024));
        Arbitrary<Long> len = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 9000),
                Arbitraries.longs().between(1, 32).map(n -> n * 512),
                Arbitraries.of(1048576L, 2097152L + 4096));
        Arbitrary<Integer> pat = Arbitraries.integers().between(1, 255);
        Arbitrary<String> write = Combinators.combine(pat, off, len).as((p, o, l) -> "write -P " + p + " " + o + " " + l);
        Arbitrary<String> zero = Combinators.combine(Arbitraries.of("", "-u "), off, len)
                .as((u, o, l) -> "write -z " + u + o + " " + l);
        Arbitrary<String> discard = Combinators.combine(off, len).as((o, l) -> "discard " + o + " " + l);
        Arbitrary<String> read = Combinators.combine(pat, off, len).as((p, o, l) -> "read -P " + p + " " + o + " " + l);
        Arbitrary<String> alloc = Combinators.combine(off, len).as((o, l) -> "alloc " + o + " " + l);
        Arbitrary<String> vec = Combinators.combine(pat, off, len, len)
                .as((p, o, a, b) -> "writev -P " + p + " " + o + " " + a + " " + b);
        Arbitrary<String> aio = Combinators.combine(pat, off, len)
                .as((p, o, l) -> "aio_write -P " + p + " " + o + " " + l + "\naio_flush");
        Arbitrary<String> fixed = Arbitraries.of("map", "length", "flush", "write -c 0 512", "truncate 8M");
        Arbitrary<String> one = Arbitraries.frequencyOf(
                Tuple.of(8, write), Tuple.of(3, zero), Tuple.of(2, discard), Tuple.of(4, read),
                Tuple.of(2, alloc), Tuple.of(2, vec), Tuple.of(1, aio), Tuple.of(1, fixed));
        return one.list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 50, seed = "20261126")
    void sameOutputAndBytesAsQemuIo(@ForAll("sequences") List<String> commands, @ForAll boolean fixed)
            throws Exception {
        for (String name : List.of("q.vhd", "j.vhd")) {
            List<String> create = List.of("create", "-q", "-f", "vpc", "-o",
                    "subformat=" + (fixed ? "fixed" : "dynamic"), name, "" + SIZE);
            assertThat(ToolRuns.qemu(dir, "qemu-img", create).exit()).isZero();
        }
        copyFooters(dir.resolve("q.vhd"), dir.resolve("j.vhd"));
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", ToolRuns.ioArgs("vpc", "q.vhd", commands));
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", ToolRuns.ioArgs("vpc", "j.vhd", commands));
        assertThat(got.stdout()).as("stdout of %s", commands).isEqualTo(want.stdout());
        assertThat(got.stderr().replace("j.vhd", "q.vhd")).as("stderr of %s", commands).isEqualTo(want.stderr());
        assertThat(got.exit()).as("exit of %s", commands).isEqualTo(want.exit());
        assertThat(Files.size(dir.resolve("j.vhd"))).as("file size after %s", commands)
                .isEqualTo(Files.size(dir.resolve("q.vhd")));
        assertThat(Files.mismatch(dir.resolve("j.vhd"), dir.resolve("q.vhd")))
                .as("first differing byte after %s", commands).isEqualTo(-1L);
        ToolRuns.Result wm = ToolRuns.qemu(dir, "qemu-img", List.of("map", "--output=json", "-f", "vpc", "q.vhd"));
        ToolRuns.Result gm = ToolRuns.java(dir, "qemu-img", List.of("map", "--output=json", "-f", "vpc", "j.vhd"));
        assertThat(gm.stdout()).as("map after %s", commands).isEqualTo(wm.stdout());
    }

    /** Gives {@code to} the footers (random UUID, timestamp) of its twin {@code from}, keeping its holes. */
    static void copyFooters(Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from);
             FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE)) {
            for (long off : new long[] {0, in.size() - 512}) {
                ByteBuffer b = ByteBuffer.allocate(512);
                in.read(b, off);
                if (new String(b.array(), 0, 8, java.nio.charset.StandardCharsets.US_ASCII).equals("conectix")) {
                    out.write(b.flip(), off);
                }
            }
        }
    }
}
