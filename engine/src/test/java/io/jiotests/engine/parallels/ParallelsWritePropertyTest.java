package io.jiotests.engine.parallels;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.QemuIoSequences;
import io.jiotests.engine.formats.QemuIoSequences.Kind;
import io.jiotests.engine.formats.ToolRuns;
import io.jiotests.engine.formats.TempDirPerTry;
import io.jiotests.engine.formats.TwinRuns;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random write / zero-write / discard / read sequences (fixed seed) on two Parallels images made
 * alike by qemu-img (cluster sizes 512 bytes to 1 MiB), one through qemu-io and one through
 * jqemu-io: same output and exit code, byte-identical files afterwards (allocation order, BAT
 * blocks, in-use marker and the final cut of the file included), and the same map and check.
 */
class ParallelsWritePropertyTest extends TempDirPerTry {
    private static final long SIZE = 3 * 1024 * 1024 + 1536;
    @Provide
    Arbitrary<List<String>> sequences() {
        Arbitrary<Long> blockEdges = Arbitraries.longs().between(0, 3).map(b -> b * 1048576 - 2048).filter(o -> o >= 0);
        return QemuIoSequences.over(QemuIoSequences.offsets(SIZE, blockEdges, 4096, 1024),
                        QemuIoSequences.lengths(512, 32, 65536L, 1048576L, 1572864L))
                .formatWriteMix().weight(Kind.DUMP, 1)
                .fixed("map", "length", "flush", "write -c 0 512", "truncate 8M", "info").lists(10);
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
        TwinRuns.assertSameRun(want, got, commands, "q.parallels", "j.parallels");
        TwinRuns.assertSameBytes(dir.resolve("q.parallels"), dir.resolve("j.parallels"), commands);
        TwinRuns.assertSameJson(dir, "parallels", "q.parallels", "j.parallels", commands, "map", "check");
    }
}
