package io.jiotests.engine.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Footer, dynamic header and BAT fields poked to hostile values (big endian; "F" re-checksums the
 * footer copy at 0, "D" the dynamic header): jqemu-io and qemu-io / qemu-img give the same output,
 * exit code and final bytes.
 */
class VpcHostileHeaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "64:4:5",                          // footer checksum
        "0:4:5",                           // cookie at 0 broken: the end footer is not a fixed one
        "F,60:4:4", "F,60:4:99", "F,60:4:2",  // differencing / unknown read as dynamic; fixed as raw
        "F,16:8:0x10000000000", "F,16:8:3", "F,16:8:0xffffffffffffff00",
        "F,48:8:0x7fffffffffffffff", "F,56:4:0xffff10ff", "F,56:4:0",
        "F,28:4:0x77696e20,48:8:0x1fe00000200",  // Hyper-V size above 2040 GiB
        "F,28:4:0x77696e20,48:8:0x1fe00000000",  // 2040 GiB: the BAT is too small
        "F,28:4:0x77696e20,48:8:0x700001", "F,28:4:0x77696e20,48:8:0x900000",
        "F,28:4:0x64327620,48:8:0",        // disk2vhd, size 0
        "0x224:4:5",                       // dynamic header checksum is not checked
        "D,0x200:4:0",                     // dynamic header cookie
        "D,0x220:4:3", "D,0x220:4:256", "D,0x220:4:512", "D,0x220:4:0x80000000",
        "D,0x21c:4:0", "D,0x21c:4:0xffffffff", "D,0x21c:4:0x20000000", "D,0x21c:4:0x1fffffff",
        "D,0x21c:4:0x1fffff80", "D,0x21c:4:0x10000",
        "D,0x210:8:0x10000000000", "D,0x210:8:3", "D,0x210:8:0xffffffffffffff00", "D,0x210:8:0x7fffffffffffff00",
        "0x600:4:0x100000", "0x600:4:0", "0x600:4:1", "0x604:4:4",   // BAT entries
        "0x800:4:0",                       // a sector bitmap cleared: reads ignore it, writes rewrite it
    })
    void sameOutcomeAsQemu(String pokes) throws Exception {
        for (String name : List.of("q.vhd", "j.vhd")) {
            assertThat(ToolRuns.qemu(dir, "qemu-img", List.of("create", "-q", "-f", "vpc", name, "8M")).exit()).isZero();
            assertThat(ToolRuns.qemu(dir, "qemu-io", List.of("-f", "vpc", "-c", "write -q -P 7 2M 4k", name)).exit())
                    .isZero();
        }
        VpcWritePropertyTest.copyFooters(dir.resolve("q.vhd"), dir.resolve("j.vhd"));
        for (String name : List.of("q.vhd", "j.vhd")) {
            poke(dir.resolve(name), pokes);
        }
        List<String> cmds = List.of("read -v 0 16", "read -P 7 2M 4k", "map", "write -P 9 3M 512",
                "read -P 9 3M 512", "write -P 8 6M 512", "alloc 0 8M");
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", ToolRuns.ioArgs("vpc", "q.vhd", cmds));
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", ToolRuns.ioArgs("vpc", "j.vhd", cmds));
        assertThat(got.stdout()).isEqualTo(want.stdout());
        assertThat(got.stderr().replace("j.vhd", "q.vhd")).isEqualTo(want.stderr());
        assertThat(got.exit()).isEqualTo(want.exit());
        for (String sub : List.of("info", "map")) {
            List<String> wa = new ArrayList<>(List.of(sub, "-f", "vpc", "q.vhd"));
            List<String> ga = new ArrayList<>(List.of(sub, "-f", "vpc", "j.vhd"));
            ToolRuns.Result wi = ToolRuns.qemu(dir, "qemu-img", wa);
            ToolRuns.Result gi = ToolRuns.java(dir, "qemu-img", ga);
            assertThat(gi.stdout().replace("j.vhd", "q.vhd").replaceAll("disk size: .*\n", ""))
                    .isEqualTo(wi.stdout().replaceAll("disk size: .*\n", ""));
            assertThat(gi.stderr().replace("j.vhd", "q.vhd")).isEqualTo(wi.stderr());
            assertThat(gi.exit()).isEqualTo(wi.exit());
        }
        assertThat(Files.mismatch(dir.resolve("j.vhd"), dir.resolve("q.vhd"))).isEqualTo(-1L);
    }

    /** Applies "offset:width:value" pokes (big endian), then the requested checksum fixes. */
    static void poke(Path file, String pokes) throws Exception {
        boolean footer = false;
        boolean dyn = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (String p : pokes.split(",")) {
                if (p.equals("F") || p.equals("D")) {
                    footer |= p.equals("F");
                    dyn |= p.equals("D");
                    continue;
                }
                String[] f = p.split(":");
                int width = Integer.parseInt(f[1]);
                long v = Long.parseUnsignedLong(f[2].replace("0x", ""), f[2].startsWith("0x") ? 16 : 10);
                ByteBuffer b = ByteBuffer.allocate(width);
                if (width == 8) {
                    b.putLong(v);
                } else {
                    b.putInt((int) v);
                }
                ch.write(b.flip(), Long.decode(f[0]));
            }
            if (footer) {
                fixChecksum(ch, 0, 512, 64);
            }
            if (dyn) {
                fixChecksum(ch, 512, 1024, 36);
            }
        }
    }

    private static void fixChecksum(FileChannel ch, long off, int len, int field) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(len);
        ch.read(b, off);
        int sum = VhdFooter.checksum(b.array(), field);
        ch.write(ByteBuffer.allocate(4).putInt(0, sum), off + field);
    }
}
