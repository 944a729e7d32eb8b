package io.jiotests.engine.parallels;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.formats.HeaderPokes;
import io.jiotests.engine.formats.SampleImages;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The format extension of the shared sample parallels-with-bitmap (a 64 GiB image whose extension
 * cluster at 2 MiB holds one dirty bitmap of 64 KiB granularity with its data cluster at 1 MiB):
 * loaded on a read-only open as QEMU loads it, ignored with QEMU's warning on a read-write open,
 * and its fields poked to hostile values (the MD5 recomputed where the test is past the checksum)
 * give qemu-img info's messages. Needs the shared sample images (reports "not run" without them).
 */
class ParallelsExtensionTest {
    private static final long EXT = 2L << 20;
    private static final int CLUSTER = 1 << 20;

    @TempDir
    Path dir;
    private Path sample;

    @BeforeEach
    void extract() throws Exception {
        sample = dir.resolve("sample.parallels");
        SampleImages.extract("parallels-with-bitmap", sample);
    }

    @Test
    void readOnlyOpenLoadsTheBitmapAsQemuDoes() throws Exception {
        byte[] img = Files.readAllBytes(sample);
        // the bitmap data: 64 GiB / 64 KiB = 2^20 bits, the first 128 KiB of the cluster at 1 MiB
        long expectedBits = 0;
        for (int i = 0; i < (1 << 17); i++) {
            expectedBits += Integer.bitCount(img[CLUSTER + i] & 0xff);
        }
        BlockOpener opener = new BlockOpener(DriverRegistry.loadDefault(), dir,
                new PrintStream(OutputStream.nullOutputStream()));
        try (BlockNode node = opener.open(sample.toString(), "parallels", null, OpenFlags.readOnly())) {
            List<ParallelsFormatExtension.Bitmap> bitmaps = ((ParallelsNode) node).extensionBitmaps();
            assertThat(bitmaps).containsExactly(new ParallelsFormatExtension.Bitmap(
                    "e4f2eed0-37fe-4539-b50b-85d2e7fd235f", 65536, expectedBits));
            assertThat(expectedBits).isPositive();
        }
        var rw = io.jiotests.engine.formats.ToolRuns.java(dir, "qemu-io",
                List.of("-f", "parallels", "-c", "read -P 0 0 4k", "sample.parallels"));
        assertThat(rw.stderr()).isEqualTo("qemu-io: warning: Format Extension ignored in RW mode\n");
        assertThat(rw.exit()).isZero();
    }

    /** Pokes (little endian) in the extension cluster; "md5" recomputes its checksum afterwards. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0x200000:1:0x88",                    // extension magic
        "0x200100:1:1",                       // a byte under the checksum
        "0x200018:8:0x1234,md5",              // unknown feature
        "0x200028:4:0xfffe0,md5",             // feature data past the cluster
        "0x200028:4:16,md5",                  // bitmap feature too small
        "0x200030:8:7,md5",                   // bitmap size differs from the disk
        "0x20004c:4:2,md5",                   // L1 size not what the size and granularity need
        "0x20004c:4:6,md5",                   // L1 table past the feature data
        "0x200048:4:0x100,md5",               // another granularity: L1 size no longer fits
        "0x200050:8:1,md5",                   // an all-ones L1 entry
        "0x200050:8:0xffffffffffffff,md5",    // a data cluster past the largest request
        "0x200050:8:0x100000,md5",            // a data cluster past the end of the file
        "0x200058:8:0x20385FAE252CB34A,0x200068:4:40,md5", // the same bitmap twice
        "0x38:8:0x2000",                      // the extension offset past the end of the file
    })
    void hostileExtensionsGiveQemusMessages(String pokes) throws Exception {
        boolean md5 = pokes.endsWith(",md5");
        String p = md5 ? pokes.substring(0, pokes.length() - 4) : pokes;
        Files.copy(sample, dir.resolve("j.parallels"));
        Files.move(sample, dir.resolve("q.parallels"));
        for (String name : List.of("q.parallels", "j.parallels")) {
            HeaderPokes.poke(dir.resolve(name), p, ByteOrder.LITTLE_ENDIAN);
            if (md5) {
                rehash(dir.resolve(name));
            }
        }
        for (List<String> args : List.of(List.of("info", "-f", "parallels"), List.of("check", "-f", "parallels"))) {
            String[] r = HeaderPokes.both(dir, "qemu-img", args, "q.parallels", "j.parallels");
            assertThat(r[1]).as("%s with %s", args, pokes).isEqualTo(r[0]);
        }
    }

    /** Recomputes the extension header's MD5 over the rest of the cluster. */
    private static void rehash(Path file) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer cluster = ByteBuffer.allocate(CLUSTER);
            ch.read(cluster, EXT);
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(cluster.array(), 24, CLUSTER - 24);
            ch.write(ByteBuffer.wrap(md.digest()), EXT + 8);
        }
    }
}
