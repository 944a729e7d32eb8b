package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged bitmap structures (extension, directory entries, bitmap table entries) poked into an
 * image qemu-img made: jqemu-img info and bitmap refuse them with qemu-img's exit code and message.
 * Where QEMU reads zeroes past the end of the file (a directory, table or data cluster placed
 * there) the engine refuses the image instead; those cases only require a clean error.
 */
class BitmapHostileImageTest {
    /** Where a field is poked: relative to the extension data, the directory entry or the table. */
    enum Base { EXTENSION, ENTRY, TABLE }

    record Poke(Base base, int offset, int width, long value) {
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("zero bitmaps", new Poke(Base.EXTENSION, 0, 4, 0), true),
                Arguments.of("too many bitmaps", new Poke(Base.EXTENSION, 0, 4, 70000), true),
                Arguments.of("fewer entries than counted", new Poke(Base.EXTENSION, 0, 4, 2), true),
                Arguments.of("reserved field", new Poke(Base.EXTENSION, 4, 4, 1), true),
                Arguments.of("directory offset unaligned", new Poke(Base.EXTENSION, 16, 8, -1), true),
                Arguments.of("directory size huge", new Poke(Base.EXTENSION, 8, 8, 1L << 40), true),
                Arguments.of("table size huge", new Poke(Base.ENTRY, 8, 4, 0x7fffffff), true),
                Arguments.of("table size wrong", new Poke(Base.ENTRY, 8, 4, 2), true),
                Arguments.of("table offset unaligned", new Poke(Base.ENTRY, 0, 8, -1), true),
                Arguments.of("granularity bits 40", new Poke(Base.ENTRY, 17, 1, 40), true),
                Arguments.of("reserved flag", new Poke(Base.ENTRY, 12, 4, 0x10), true),
                Arguments.of("type 2", new Poke(Base.ENTRY, 16, 1, 2), true),
                Arguments.of("name size 0", new Poke(Base.ENTRY, 18, 2, 0), true),
                Arguments.of("name size huge", new Poke(Base.ENTRY, 18, 2, 0xffff), true),
                Arguments.of("extra data size huge", new Poke(Base.ENTRY, 20, 4, 0xffffffffL), true),
                Arguments.of("data entry reserved bits", new Poke(Base.TABLE, 0, 8, 0x4000000000100000L), true),
                Arguments.of("data entry unaligned", new Poke(Base.TABLE, 0, 8, 0x100200), true),
                Arguments.of("directory past the end", new Poke(Base.EXTENSION, 16, 8, 1L << 40), false),
                Arguments.of("table past the end", new Poke(Base.ENTRY, 0, 8, 1L << 40), false),
                Arguments.of("data cluster past the end", new Poke(Base.TABLE, 0, 8, 1L << 40), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedLikeQemu(String name, Poke poke, boolean sameAsQemu, @TempDir Path dir) throws Exception {
        assertThat(ReferenceRun.referenceAvailable()).as("qemu-img (the reference) must be installed").isTrue();
        assertThat(ReferenceRun.qemu(dir, List.of("create", "-q", "-f", "qcow2", "h.qcow2", "4M")).exitCode()).isZero();
        assertThat(ReferenceRun.qemu(dir, List.of("bitmap", "--add", "h.qcow2", "b1")).exitCode()).isZero();
        Process io = new ProcessBuilder("qemu-io", "-c", "write 0 64k", "h.qcow2").directory(dir.toFile()).start();
        io.getInputStream().readAllBytes();
        assertThat(io.waitFor()).isZero();
        Path img = dir.resolve("h.qcow2");
        apply(img, poke);
        for (List<String> args : List.of(List.of("info", "h.qcow2"), List.of("bitmap", "--clear", "h.qcow2", "b1"))) {
            ReferenceRun.Outcome ours = ReferenceRun.java(dir, args);
            assertThat(ours.exitCode()).as(ours.toString()).isEqualTo(1);
            assertThat(ours.err()).startsWith("qemu-img: Could not open 'h.qcow2': ");
            if (sameAsQemu) {
                assertThat(ours).isEqualTo(ReferenceRun.qemu(dir, args));
            }
        }
    }

    private static void apply(Path img, Poke poke) throws Exception {
        byte[] f = Files.readAllBytes(img);
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.BIG_ENDIAN);
        int ext = -1;
        for (int i = 104; i + 4 <= 4096; i += 4) {
            if (b.getInt(i) == 0x23852875) {
                ext = i + 8;
                break;
            }
        }
        assertThat(ext).as("bitmaps extension").isPositive();
        long dirOffset = b.getLong(ext + 16);
        long tableOffset = b.getLong((int) dirOffset);
        long base = switch (poke.base()) {
            case EXTENSION -> ext;
            case ENTRY -> dirOffset;
            case TABLE -> tableOffset;
        };
        long value = poke.value();
        if (value == -1) { // an unaligned offset: the old one plus 8
            value = poke.base() == Base.EXTENSION ? dirOffset + 8 : tableOffset + 8;
        }
        ByteBuffer v = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(value);
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(v.array(), 8 - poke.width(), poke.width()), base + poke.offset());
        }
    }
}
