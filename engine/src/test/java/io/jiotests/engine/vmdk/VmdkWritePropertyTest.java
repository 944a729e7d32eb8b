package io.jiotests.engine.vmdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Random write / zero-write / discard / read sequences (fixed seed) on a monolithicSparse VMDK,
 * with and without zeroed grains, through jqemu-io and qemu-io: same output and exit code, the
 * same image bytes apart from the random CIDs (grain allocation order, grain tables and their
 * redundant copies, zeroed-grain entries), and the same qemu-img map and check afterwards.
 */
class VmdkWritePropertyTest {
    private static final long SIZE = 3 * 1024 * 1024 + 1536;
    private Path dir;

    @BeforeTry
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("vmdk-prop");
        Files.createDirectories(dir.resolve("q"));
        Files.createDirectories(dir.resolve("j"));
    }

    @AfterTry
    void removeDir() throws IOException {
        VmdkImages.delete(dir);
    }

    @Provide
    Arbitrary<List<String>> sequences() {
        Arbitrary<Long> off = Arbitraries.oneOf(
                Arbitraries.longs().between(0, SIZE),
                Arbitraries.longs().between(0, SIZE / 512).map(s -> s * 512),
                Arbitraries.longs().between(0, 48).map(g -> g * 65536 - 1024).filter(o -> o >= 0),
                Arbitraries.longs().between(SIZE - 4096, SIZE + 1024));
        Arbitrary<Long> len = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 9000),
                Arbitraries.longs().between(1, 32).map(n -> n * 512),
                Arbitraries.of(65536L, 131072L, 1048576L, 200000L));
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
        Arbitrary<String> fixed = Arbitraries.of("map", "length", "flush", "truncate 8M");
        Arbitrary<String> one = Arbitraries.frequencyOf(
                Tuple.of(8, write), Tuple.of(3, zero), Tuple.of(1, discard), Tuple.of(4, read), Tuple.of(1, dump),
                Tuple.of(2, alloc), Tuple.of(2, vec), Tuple.of(1, fixed));
        return one.list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 40, seed = "20261126")
    void sameOutputAndBytesAsQemuIo(@ForAll("sequences") List<String> commands, @ForAll boolean zeroedGrain)
            throws Exception {
        List<String> create = zeroedGrain
                ? List.of("create", "-q", "-f", "vmdk", "-o", "zeroed_grain=on", "t.vmdk", "" + SIZE)
                : List.of("create", "-q", "-f", "vmdk", "t.vmdk", "" + SIZE);
        Path q = dir.resolve("q");
        Path j = dir.resolve("j");
        assertThat(ToolRuns.qemu(q, "qemu-img", create).exit()).isZero();
        assertThat(ToolRuns.java(j, "qemu-img", create).exit()).isZero();
        ToolRuns.Result want = ToolRuns.qemu(q, "qemu-io", ToolRuns.ioArgs("vmdk", "t.vmdk", commands));
        ToolRuns.Result got = ToolRuns.java(j, "qemu-io", ToolRuns.ioArgs("vmdk", "t.vmdk", commands));
        assertThat(got.stdout()).as("stdout of %s", commands).isEqualTo(want.stdout());
        assertThat(got.stderr()).as("stderr of %s", commands).isEqualTo(want.stderr());
        assertThat(got.exit()).as("exit of %s", commands).isEqualTo(want.exit());
        assertThat(VmdkImages.withoutCids(j.resolve("t.vmdk")))
                .as("image bytes (CIDs aside) after %s", commands)
                .isEqualTo(VmdkImages.withoutCids(q.resolve("t.vmdk")));
        for (String sub : List.of("map", "check")) {
            List<String> args = List.of(sub, "--output=json", "-f", "vmdk", "t.vmdk");
            ToolRuns.Result wm = ToolRuns.qemu(q, "qemu-img", args);
            ToolRuns.Result gm = ToolRuns.java(j, "qemu-img", args);
            assertThat(gm.stdout()).as("%s after %s", sub, commands).isEqualTo(wm.stdout());
            assertThat(gm.exit()).isEqualTo(wm.exit());
        }
    }
}
