package io.jiotests.engine.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.QemuIoSequences;
import io.jiotests.engine.formats.ToolRuns;
import io.jiotests.engine.formats.TempDirPerTry;
import io.jiotests.engine.formats.TwinRuns;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random write / zero-write / discard / read sequences (fixed seed) on twin VHD images (dynamic or
 * fixed) through jqemu-io and qemu-io: same output and exit code, identical image bytes (block
 * allocation order, sector bitmaps, BAT entries, the footer moved behind each new block), and the
 * same qemu-img map afterwards.
 */
class VpcWritePropertyTest extends TempDirPerTry {
    private static final long SIZE = 5 * 1024 * 1024;
    @Provide
    Arbitrary<List<String>> sequences() {
        long virtual = 5257216; // 5 MiB rounded up to its CHS geometry
        Arbitrary<Long> blockEdges = Arbitraries.longs().between(1, 2).map(b -> b * 2097152 - 2048);
        return QemuIoSequences.over(QemuIoSequences.offsets(virtual, blockEdges, 4096, 1024),
                        QemuIoSequences.lengths(512, 32, 1048576L, 2097152L + 4096))
                .formatWriteMix().lists(10);
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
        TwinRuns.assertSameRun(want, got, commands, "q.vhd", "j.vhd");
        TwinRuns.assertSameBytes(dir.resolve("q.vhd"), dir.resolve("j.vhd"), commands);
        TwinRuns.assertSameJson(dir, "vpc", "q.vhd", "j.vhd", commands, "map");
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
