package io.jiotests.engine.parallels;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.HeaderPokes;
import io.jiotests.engine.formats.ToolRuns;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parallels header and BAT fields poked to hostile values (little endian, at their offsets):
 * qemu-img info / check (read-only opens, which also read the format extension), check -r all and
 * a qemu-io session (a read-write open that writes) give the same output and exit code through
 * jqemu as through QEMU, and the files end up byte-identical.
 */
class ParallelsHostileHeaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0x00:1:0x41",                    // magic
        "0x00:4:0x68746957,0x04:4:0x4674756f,0x08:4:0x53656572,0x0c:4:0x65636170", // the old magic
        "0x10:4:3",                       // version
        "0x1c:4:0",                       // zero sectors per cluster
        "0x1c:4:0x7fffffff",              // too big cluster
        "0x1c:4:0x3fdfb6",                // the largest cluster accepted
        "0x20:4:0x20000000",              // catalog too large
        "0x20:4:0x1fffffff",              // a 2 GiB BAT the file does not hold
        "0x24:8:0x7fffffffffffff",        // a huge disk
        "0x24:8:0xffffffffffffffff",      // a negative one
        "0x2c:4:0x746f6e59",              // left in use
        "0x30:4:0",                       // no data offset: QEMU 7.2 derives one in bytes
        "0x30:4:1",                       // data offset inside the BAT
        "0x30:4:0x10000",                 // data offset past the end of the file
        "0x38:8:1",                       // format extension where there is none
        "0x38:8:0x3fffffffffffff",        // format extension offset past the largest request
        "0x40:4:0xffffffff",              // a cluster outside the image
        "0x40:4:1,0x44:4:1",              // two clusters on the same host cluster
        "0x48:4:7",                       // a cluster past the end of the file
    })
    void sameOutcomeAsQemu(String pokes) throws Exception {
        for (String name : List.of("q.parallels", "j.parallels")) {
            assertThat(ToolRuns.qemu(dir, "qemu-img", List.of("create", "-q", "-f", "parallels", name, "5M")).exit())
                    .isZero();
            assertThat(ToolRuns.qemu(dir, "qemu-io", List.of("-f", "parallels", "-c", "write -q -P 7 1M 4k", name))
                    .exit()).isZero();
            HeaderPokes.poke(dir.resolve(name), pokes, ByteOrder.LITTLE_ENDIAN);
        }
        for (List<String> img : List.of(List.of("info", "-f", "parallels"),
                List.of("info", "--output=json", "-f", "parallels"), List.of("check", "-f", "parallels"))) {
            String[] r = HeaderPokes.both(dir, "qemu-img", img, "q.parallels", "j.parallels");
            assertThat(r[1]).as("%s with %s", img, pokes).isEqualTo(r[0]);
        }
        List<String> cmds = List.of("read -P 0 0 512", "read -v 1048576 16", "map", "write -P 9 2M 512",
                "read -P 9 2M 512", "alloc 0 5M");
        String[] io = HeaderPokes.both(dir, "qemu-io", ToolRuns.ioArgs("parallels", "IMAGE", cmds).subList(0, 2 * cmds.size() + 2),
                "q.parallels", "j.parallels");
        assertThat(io[1]).as("qemu-io with %s", pokes).isEqualTo(io[0]);
        String[] repair = HeaderPokes.both(dir, "qemu-img", List.of("check", "-r", "all", "-f", "parallels"),
                "q.parallels", "j.parallels");
        assertThat(repair[1]).as("check -r all with %s", pokes).isEqualTo(repair[0]);
        assertThat(Files.size(dir.resolve("j.parallels"))).isEqualTo(Files.size(dir.resolve("q.parallels")));
        assertThat(Files.mismatch(dir.resolve("j.parallels"), dir.resolve("q.parallels"))).isEqualTo(-1L);
    }

    /**
     * A format extension offset that is not positive once in bytes makes QEMU abort on an
     * assertion; here it is an open error, and the read-write open (which ignores the extension)
     * still works.
     */
    @org.junit.jupiter.api.Test
    void nonPositiveExtensionOffsetIsAnErrorNotACrash() throws Exception {
        assertThat(ToolRuns.qemu(dir, "qemu-img", List.of("create", "-q", "-f", "parallels", "j.parallels", "5M"))
                .exit()).isZero();
        HeaderPokes.poke(dir.resolve("j.parallels"), "0x38:8:0x7fffffffffffffff", ByteOrder.LITTLE_ENDIAN);
        ToolRuns.Result info = ToolRuns.java(dir, "qemu-img", List.of("info", "-f", "parallels", "j.parallels"));
        assertThat(info.exit()).isEqualTo(1);
        assertThat(info.stderr()).isEqualTo("qemu-img: Could not open 'j.parallels': "
                + "Failed to read Format Extension cluster: Invalid argument\n");
        ToolRuns.Result io = ToolRuns.java(dir, "qemu-io", List.of("-f", "parallels", "-c", "write -q 0 512",
                "j.parallels"));
        assertThat(io.exit()).isZero();
        assertThat(io.stderr()).isEqualTo("qemu-io: warning: Format Extension ignored in RW mode\n");
    }

    /**
     * A BAT of nearly 2 GiB (the most one request reads) in a sparse file of that size: QEMU holds
     * it all; here its pages of zeroes are not held, so it opens, checks and reads within the
     * test JVM's heap, with QEMU's output.
     */
    @org.junit.jupiter.api.Test
    void hugeSparseBatOpensWithoutHoldingIt() throws Exception {
        for (String name : List.of("q.parallels", "j.parallels")) {
            assertThat(ToolRuns.qemu(dir, "qemu-img", List.of("create", "-q", "-f", "parallels", name, "5M")).exit())
                    .isZero();
            HeaderPokes.poke(dir.resolve(name), "0x20:4:0x1fffff00,0x24:8:0xfffff000000,0x30:4:1,0x40:4:0x800001",
                    ByteOrder.LITTLE_ENDIAN);
            try (var ch = java.nio.channels.FileChannel.open(dir.resolve(name), java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), 0x7ffffe00L - 1);
            }
        }
        for (List<String> args : List.of(List.of("info", "-f", "parallels"), List.of("check", "-f", "parallels"),
                List.of("map", "--output=json", "-f", "parallels", "--max-length=4M"))) {
            String[] r = HeaderPokes.both(dir, "qemu-img", args, "q.parallels", "j.parallels");
            assertThat(r[1]).as("%s", args).isEqualTo(r[0]);
        }
    }
}
