package io.jiotests.engine.vmdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.QemuIoSequences;
import io.jiotests.engine.formats.QemuIoSequences.Kind;
import io.jiotests.engine.formats.ToolRuns;
import io.jiotests.engine.formats.TwinRuns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
        dir = VmdkImages.twinDirectories("vmdk-prop");
    }

    @AfterTry
    void removeDir() throws IOException {
        TwinRuns.delete(dir);
    }

    @Provide
    Arbitrary<List<String>> sequences() {
        Arbitrary<Long> grainEdges = Arbitraries.longs().between(0, 48).map(g -> g * 65536 - 1024).filter(o -> o >= 0);
        return QemuIoSequences.over(QemuIoSequences.offsets(SIZE, grainEdges, 4096, 1024),
                        QemuIoSequences.lengths(512, 32, 65536L, 131072L, 1048576L, 200000L))
                .weight(Kind.WRITE, 8).weight(Kind.ZERO, 3).weight(Kind.DISCARD, 1).weight(Kind.READ, 4)
                .weight(Kind.DUMP, 1).weight(Kind.ALLOC, 2).weight(Kind.WRITEV, 2).weight(Kind.FIXED, 1)
                .fixed("map", "length", "flush", "truncate 8M").lists(10);
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
        TwinRuns.assertSameRun(want, got, commands, "t.vmdk", "t.vmdk");
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
