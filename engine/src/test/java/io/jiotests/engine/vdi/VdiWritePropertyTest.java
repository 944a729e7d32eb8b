package io.jiotests.engine.vdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.QemuIoSequences;
import io.jiotests.engine.formats.QemuIoSequences.Kind;
import io.jiotests.engine.formats.ToolRuns;
import io.jiotests.engine.formats.TempDirPerTry;
import io.jiotests.engine.formats.TwinRuns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random write / zero-write / discard / read sequences (fixed seed) on copies of one VDI image
 * through jqemu-io and qemu-io: same output and exit code, identical image bytes (block allocation
 * order, header count and block map included), and the same qemu-img map and check afterwards.
 */
class VdiWritePropertyTest extends TempDirPerTry {
    private static final long SIZE = 3 * 1024 * 1024 + 1536;
    /**
     * Gives {@code to} the header (random UUIDs) of {@code from}; both were created alike, and a
     * copy of the whole file would not keep a static image's holes (which map reports).
     */
    static void copyHeader(Path from, Path to) throws IOException {
        byte[] header = new byte[512];
        try (var in = java.nio.channels.FileChannel.open(from);
             var out = java.nio.channels.FileChannel.open(to, java.nio.file.StandardOpenOption.WRITE)) {
            in.read(java.nio.ByteBuffer.wrap(header), 0);
            out.write(java.nio.ByteBuffer.wrap(header), 0);
        }
    }

    @Provide
    Arbitrary<List<String>> sequences() {
        Arbitrary<Long> blockEdges = Arbitraries.longs().between(0, 3).map(b -> b * 1048576 - 2048).filter(o -> o >= 0);
        return QemuIoSequences.over(QemuIoSequences.offsets(SIZE, blockEdges, 4096, 1024),
                        QemuIoSequences.lengths(512, 32, 1048576L, 1572864L))
                .formatWriteMix().weight(Kind.DUMP, 1).lists(10);
    }

    @Property(tries = 60, seed = "20261126")
    void sameOutputAndBytesAsQemuIo(@ForAll("sequences") List<String> commands, @ForAll boolean fixed)
            throws Exception {
        for (String name : List.of("q.vdi", "j.vdi")) {
            List<String> create = fixed ? List.of("create", "-q", "-f", "vdi", "-o", "static=on", name, "" + SIZE)
                    : List.of("create", "-q", "-f", "vdi", name, "" + SIZE);
            assertThat(ToolRuns.qemu(dir, "qemu-img", create).exit()).isZero();
        }
        copyHeader(dir.resolve("q.vdi"), dir.resolve("j.vdi"));
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", ToolRuns.ioArgs("vdi", "q.vdi", commands));
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", ToolRuns.ioArgs("vdi", "j.vdi", commands));
        TwinRuns.assertSameRun(want, got, commands, "q.vdi", "j.vdi");
        TwinRuns.assertSameBytes(dir.resolve("q.vdi"), dir.resolve("j.vdi"), commands);
        TwinRuns.assertSameJson(dir, "vdi", "q.vdi", "j.vdi", commands, "map", "check");
    }
}
