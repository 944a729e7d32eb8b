package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Damaged headers are refused with the same message as qemu-img's, never with a crash. */
class Qcow2HostileImageTest {
    @TempDir
    Path dir;

    /** offset;width in bytes;value (hex);open read-write. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "20;4;8;false", "20;4;16;false", "20;4;ffffffff;false",
        "36;4;10000000;false", "36;4;1;false",
        "40;8;30001;false", "40;8;7ffffffffffffe00;false",
        "56;4;ffffff;false", "48;8;10001;false", "48;8;fffffffffff00000;false",
        "8;8;20000;false", "4;4;4;false", "4;4;1;false", "0;4;12345678;false",
        "72;8;400;false", "72;8;2;true", "60;4;ffffffff;false", "64;8;123;false",
        "100;4;40;false", "100;4;20000;false", "96;4;7;false", "104;1;5;false",
        "104;1;1;false", "32;4;3;false", "56;4;0;false",
    })
    void refusedLikeQemu(int offset, int width, String hex, boolean rw) throws Exception {
        QemuTool.Result c = QemuTool.run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "img.qcow2",
                "1G");
        assertThat(c.exit()).isZero();
        long value = Long.parseUnsignedLong(hex, 16);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("img.qcow2").toFile(), "rw")) {
            f.seek(offset);
            for (int i = width - 1; i >= 0; i--) {
                f.write((int) (value >>> (8 * i)));
            }
        }
        QemuTool.Result ref = rw
                ? QemuTool.run(dir, "qemu-io", "-c", "read 0 512", "img.qcow2")
                : QemuTool.run(dir, "qemu-img", "info", "-f", "qcow2", "img.qcow2");
        String prefix = rw ? "qemu-io: can't open device img.qcow2: "
                : "qemu-img: Could not open 'img.qcow2': ";
        String err = ref.stderr().strip();
        assertThat(ref.exit()).as(offset + ":" + hex + " " + ref.stdout()).isNotZero();
        assertThat(err).startsWith(prefix);
        String expected = err.substring(prefix.length());
        OpenFlags flags = rw ? OpenFlags.readWrite() : OpenFlags.readOnly();
        assertThatThrownBy(() -> new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open("img.qcow2", "qcow2", null, flags).close())
                .isInstanceOf(BlockException.class)
                .satisfies(e -> assertThat(e.getMessage()).endsWith(expected));
    }
}
