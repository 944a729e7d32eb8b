package io.jiotests.engine.vhdx;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.QemuIoSequences;
import io.jiotests.engine.formats.ToolRuns;
import io.jiotests.engine.formats.TempDirPerTry;
import io.jiotests.engine.formats.TwinRuns;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random write / zero-write / discard / read sequences (fixed seed) on twin VHDX images (one
 * qemu-img create, copied) through jqemu-io and qemu-io: same output and exit code, identical
 * image bytes apart from the random GUIDs and the checksums over them (block allocation at the
 * end of the file, BAT entries, the log entries journalling them, header sequence numbers), and
 * qemu-img check / compare agreeing afterwards.
 */
class VhdxWritePropertyTest extends TempDirPerTry {
    private static final long SIZE = 6 * 1024 * 1024;
    @Provide
    Arbitrary<List<String>> sequences() {
        Arbitrary<Long> blockEdges = Arbitraries.longs().between(1, 5).map(b -> b * 1048576 - 1024);
        return QemuIoSequences.over(QemuIoSequences.offsets(SIZE, blockEdges, 4096, 1024),
                        QemuIoSequences.lengths(512, 32, 1048576L, 1048576L + 4096))
                .formatWriteMix().lists(10);
    }

    @Property(tries = 30, seed = "20261126")
    void sameOutputAndBytesAsQemuIo(@ForAll("sequences") List<String> commands,
                                    @ForAll("subformats") String options) throws Exception {
        TwinRuns.reference(dir, List.of("qemu-img", "create", "-q", "-f", "vhdx", "-o", options, "q.vhdx", "" + SIZE));
        Files.copy(dir.resolve("q.vhdx"), dir.resolve("j.vhdx"), StandardCopyOption.REPLACE_EXISTING);
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", ToolRuns.ioArgs("vhdx", "q.vhdx", commands));
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", ToolRuns.ioArgs("vhdx", "j.vhdx", commands));
        TwinRuns.assertSameRun(want, got, commands, "q.vhdx", "j.vhdx");
        byte[] q = VhdxImages.masked(dir.resolve("q.vhdx"), false);
        byte[] j = VhdxImages.masked(dir.resolve("j.vhdx"), false);
        assertThat(j.length).as("file size after %s", commands).isEqualTo(q.length);
        assertThat(Arrays.mismatch(j, q)).as("first differing byte after %s", commands).isEqualTo(-1);
        ToolRuns.Result check = ToolRuns.qemu(dir, "qemu-img", List.of("check", "-f", "vhdx", "j.vhdx"));
        assertThat(check.stdout()).as("qemu-img check after %s", commands).isEqualTo("No errors were found on the image.\n");
        ToolRuns.Result compare = ToolRuns.qemu(dir, "qemu-img", List.of("compare", "q.vhdx", "j.vhdx"));
        assertThat(compare.exit()).as("qemu-img compare after %s: %s", commands, compare.stdout()).isZero();
        TwinRuns.assertSameJson(dir, "vhdx", "q.vhdx", "j.vhdx", commands, "map");
    }

    @Provide
    Arbitrary<String> subformats() {
        return Arbitraries.of("block_size=1M", "block_size=1M,block_state_zero=off", "subformat=fixed,block_size=1M",
                "subformat=fixed,block_size=1M,block_state_zero=off", "block_size=2M,log_size=1M");
    }
}
