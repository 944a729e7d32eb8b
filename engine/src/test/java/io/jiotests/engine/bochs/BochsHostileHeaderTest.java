package io.jiotests.engine.bochs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.HeaderPokes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Bochs growing image built here (4 KiB extents: extent 0 allocated with some sectors set in its
 * bitmap, extent 1 unallocated, extent 2 allocated), then header and catalog fields poked to
 * hostile values (little endian): probing, qemu-img info / map / convert and read-only qemu-io
 * reads give the same output, exit code and converted bytes through jqemu as through QEMU.
 */
class BochsHostileHeaderTest {
    private static final int EXTENT = 4096;
    private static final int EXTENTS = 4;

    @TempDir
    Path dir;

    /** The image: header, catalog (4 entries), extents 0 and 2 (bitmap sector + data). */
    static byte[] build() {
        int catalogAt = 512;
        int dataOffset = catalogAt + EXTENTS * 4;
        int stride = 512 + EXTENT;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + 2 * stride).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, "Bochs Virtual HD Image".getBytes(StandardCharsets.US_ASCII));
        b.put(0x20, "Redolog".getBytes(StandardCharsets.US_ASCII));
        b.put(0x30, "Growing".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0x40, BochsHeader.VERSION_2);
        b.putInt(0x44, catalogAt);
        b.putInt(0x48, EXTENTS);
        b.putInt(0x4c, 512);
        b.putInt(0x50, EXTENT);
        b.putLong(0x58, (long) EXTENTS * EXTENT);
        int[] catalog = {0, 0xffffffff, 1, 0xffffffff};
        for (int i = 0; i < EXTENTS; i++) {
            b.putInt(catalogAt + 4 * i, catalog[i]);
        }
        for (int e = 0; e < 2; e++) {
            int at = dataOffset + e * stride;
            b.put(at, (byte) (e == 0 ? 0b1000_0101 : 0b0000_0010)); // sectors 0, 2, 7 / sector 1
            for (int s = 0; s < EXTENT / 512; s++) {
                for (int k = 0; k < 512; k++) {
                    b.put(at + 512 + s * 512 + k, (byte) (0x10 * (e + 1) + s));
                }
            }
        }
        return b.array();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "''",                             // the image as built
        "0x00:1:0x62",                    // magic
        "0x20:1:0x72",                    // type
        "0x36:1:0",                       // subtype cut short
        "0x40:4:0x00030000",              // version
        "0x40:4:0x00010000",              // version 1: the size is read 4 bytes earlier
        "0x48:4:0x100001",                // catalog too large
        "0x48:4:0x100000,0x58:8:0x1000000", // the largest catalog, mostly past the end of the file
        "0x48:4:3",                       // catalog too small for the disk
        "0x50:4:0",                       // extent size zero
        "0x50:4:256",                     // extent size too small
        "0x50:4:6144",                    // not a power of two
        "0x50:4:0x1000000",               // too large
        "0x58:8:0xffffffffffffffff",      // disk size beyond any catalog
        "0x58:8:16000",                   // disk size not a whole number of sectors
        "0x44:4:0xfffffff0",              // catalog far past the end of the file
        "0x4c:4:0",                       // bitmap size zero: an enormous bitmap area
        "0x200:4:0x7fffffff",             // an extent far past the end of the file
        "0x208:4:0",                      // two catalog entries on extent 0
    })
    void sameOutcomeAsQemu(String pokes) throws Exception {
        byte[] img = build();
        for (String name : List.of("q.bochs", "j.bochs")) {
            Files.write(dir.resolve(name), img);
            HeaderPokes.poke(dir.resolve(name), pokes, ByteOrder.LITTLE_ENDIAN);
        }
        compare(List.of("info"), pokes);
        compare(List.of("info", "--output=json", "-f", "bochs"), pokes);
        compare(List.of("map", "--output=json", "-f", "bochs"), pokes);
        String[] io = HeaderPokes.both(dir, "qemu-io", List.of("-r", "-f", "bochs", "-c", "length",
                "-c", "read -v 0 32", "-c", "read -v 1024 16", "-c", "read -P 0x12 1024 512", "-c", "read -v 8192 16",
                "-c", "read -P 0 4096 4096", "-c", "map", "-c", "info"), "q.bochs", "j.bochs");
        assertThat(io[1]).as("qemu-io with %s", pokes).isEqualTo(io[0]);
        HeaderPokes.convertBoth(dir, "bochs", "q.bochs", "j.bochs", pokes);
    }

    private void compare(List<String> args, String pokes) throws Exception {
        String[] r = HeaderPokes.both(dir, "qemu-img", args, "q.bochs", "j.bochs");
        assertThat(r[1]).as("%s with %s", args, pokes).isEqualTo(r[0]);
    }
}
