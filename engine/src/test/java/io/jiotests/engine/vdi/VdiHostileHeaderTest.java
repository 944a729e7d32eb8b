package io.jiotests.engine.vdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Header and block map fields poked to hostile values (little endian, at their VDI offsets):
 * jqemu-io and qemu-io give the same output and exit code (open errors in qemu's words and order),
 * and qemu-img check agrees on broken block maps.
 */
class VdiHostileHeaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0x40:4:1",                       // signature
        "0x40:4:1,0x170:8:0x7fffffffffffffff", // the size limit is checked before the signature
        "0x170:8:0xffffffffffffffff",
        "0x170:8:0x1fffff8000001",
        "0x44:4:0x00020001",              // version
        "0x154:4:3",                      // block map offset
        "0x158:4:0x201",                  // data offset
        "0x168:4:4096",                   // sector size
        "0x178:4:4096",                   // block size
        "0x170:8:0x7000001",              // disk size beyond the block map's room
        "0x170:8:0x5000001",              // rounded up to 512: room for it? no, 5 blocks
        "0x170:8:0x4fffe01",              // odd size rounded up
        "0x1a8:4:1",                      // link UUID
        "0x1b8:4:1",                      // parent UUID
        "0x180:4:0x1fffff81",             // too many blocks
        "0x180:4:0x2000",                 // more blocks than the disk needs: the map runs into the data
        "0x154:4:0x7ffffe00",             // block map past the end of the file
        "0x200:4:9",                      // entry beyond the image
        "0x200:4:0xfffffffe,0x204:4:0",   // discarded block, a duplicate
        "0x200:4:0,0x204:4:0,0x208:4:0",  // three blocks on data block 0
        "0x184:4:0xfffffff0",             // allocated count near the end of the index space
        "0x158:4:0x800000",               // data past the end of the file
    })
    void sameOutcomeAsQemu(String pokes) throws Exception {
        for (String name : List.of("q.vdi", "j.vdi")) {
            assertThat(ToolRuns.qemu(dir, "qemu-img", List.of("create", "-q", "-f", "vdi", name, "5M")).exit())
                    .isZero();
            assertThat(ToolRuns.qemu(dir, "qemu-io", List.of("-f", "vdi", "-c", "write -q -P 7 1M 4k", name)).exit())
                    .isZero();
        }
        VdiWritePropertyTest.copyHeader(dir.resolve("q.vdi"), dir.resolve("j.vdi"));
        for (String name : List.of("q.vdi", "j.vdi")) {
            poke(dir.resolve(name), pokes);
        }
        List<String> cmds = List.of("read -P 0 0 512", "read -v 1048576 16", "map", "write -P 9 2M 512",
                "read -P 9 2M 512", "alloc 0 5M");
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", ToolRuns.ioArgs("vdi", "q.vdi", cmds));
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", ToolRuns.ioArgs("vdi", "j.vdi", cmds));
        assertThat(got.stdout()).isEqualTo(want.stdout());
        assertThat(got.stderr().replace("j.vdi", "q.vdi")).isEqualTo(want.stderr());
        assertThat(got.exit()).isEqualTo(want.exit());
        for (List<String> img : List.of(List.of("check", "-f", "vdi"), List.of("info", "-f", "vdi"))) {
            ToolRuns.Result wi = ToolRuns.qemu(dir, "qemu-img", append(img, "q.vdi"));
            ToolRuns.Result gi = ToolRuns.java(dir, "qemu-img", append(img, "j.vdi"));
            assertThat(gi.stdout().replace("j.vdi", "q.vdi").replaceAll("disk size: .*\n", ""))
                    .isEqualTo(wi.stdout().replaceAll("disk size: .*\n", ""));
            assertThat(gi.stderr().replace("j.vdi", "q.vdi")).isEqualTo(wi.stderr());
            assertThat(gi.exit()).isEqualTo(wi.exit());
        }
        assertThat(Files.size(dir.resolve("j.vdi"))).isEqualTo(Files.size(dir.resolve("q.vdi")));
        assertThat(Files.mismatch(dir.resolve("j.vdi"), dir.resolve("q.vdi"))).isEqualTo(-1L);
    }

    private static List<String> append(List<String> a, String last) {
        List<String> r = new java.util.ArrayList<>(a);
        r.add(last);
        return r;
    }

    /** Applies "offset:width:value" pokes (little endian). */
    static void poke(Path file, String pokes) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (String p : pokes.split(",")) {
                String[] f = p.split(":");
                long off = Long.decode(f[0]);
                int width = Integer.parseInt(f[1]);
                long v = Long.parseUnsignedLong(f[2].replace("0x", ""), f[2].startsWith("0x") ? 16 : 10);
                ByteBuffer b = ByteBuffer.allocate(width).order(ByteOrder.LITTLE_ENDIAN);
                if (width == 8) {
                    b.putLong(v);
                } else {
                    b.putInt((int) v);
                }
                ch.write(b.flip(), off);
            }
        }
    }
}
