package io.jiotests.engine.tools.io;

import io.jiotests.engine.formats.QemuIoSequences;
import io.jiotests.engine.formats.QemuIoSequences.Kind;
import io.jiotests.engine.formats.TempDirPerTry;
import io.jiotests.engine.formats.ToolRuns;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of qemu-io commands run through jqemu-io (in-process) and the reference
 * qemu-io on separate copies of one raw image: the outputs (timing masked), exit codes and final
 * image bytes must be identical.
 */
class QemuIoPropertyTest extends TempDirPerTry {
    private static final long SIZE = 128 * 1024;
    @Provide
    Arbitrary<List<String>> sequences() {
        // offsets mostly inside, sometimes around or past the end (errors must match too)
        return QemuIoSequences.over(QemuIoSequences.offsets(SIZE, null, 4096, 4096),
                        QemuIoSequences.lengths(512, 32, 65536L, 131072L))
                .patternsFrom(0).dumpsUpTo(70)
                .weight(Kind.WRITE, 6).weight(Kind.ZERO, 3).weight(Kind.DISCARD, 3).weight(Kind.READ, 5)
                .weight(Kind.DUMP, 1).weight(Kind.ALLOC, 2).weight(Kind.WRITEV, 2).weight(Kind.READV, 2)
                .weight(Kind.AIO, 1).weight(Kind.FIXED, 2)
                .fixed("map", "length", "flush", "info", "alloc 0", "read -q 0 1", "write -c 0 512", "write -u 0 1",
                        "read -C 0 0")
                .with(1, Arbitraries.longs().between(SIZE / 2, SIZE * 2).map(n -> "truncate " + n))
                .lists(12);
    }

    @Property(tries = 250, seed = "20261126")
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
        List<String> a = ToolRuns.ioArgs("raw", image, commands);
        if (direct) {
            a.add(2, "-n"); // after -f raw, as qemu-io -f raw -n
        }
        return a;
    }
}
