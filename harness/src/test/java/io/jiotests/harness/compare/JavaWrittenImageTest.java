package io.jiotests.harness.compare;

import io.jiotests.harness.api.ToolResult;
import io.jiotests.harness.backend.JavaBackend;
import io.jiotests.harness.backend.StreamMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance check: an image the Java engine wrote, compared with the one the reference
 * qemu-img wrote for the same steps, and then with one byte changed: the byte comparison fails
 * naming the offset and the field.
 */
class JavaWrittenImageTest {
    @TempDir
    Path dir;

    private static void java(Path cwd, String... args) {
        try (JavaBackend java = new JavaBackend()) {
            ToolResult r = java.run("qemu-img", List.of(args), cwd, StreamMode.SEPARATE, Duration.ofSeconds(60));
            assertThat(r.exitCode()).as(r.merged()).isZero();
        }
    }

    @Test
    void oneByteChangedInAJavaWrittenQcow2IsNamed() throws Exception {
        Path refDir = Files.createDirectories(dir.resolve("qemu"));
        Path javaDir = Files.createDirectories(dir.resolve("java"));
        Path ref = refDir.resolve("t.qcow2");
        Path img = javaDir.resolve("t.qcow2");
        HostQemu.ok("qemu-img", "create", "-q", "-f", "qcow2", ref.toString(), "4M");
        java(javaDir, "create", "-q", "-f", "qcow2", img.toString(), "4M");

        ImageComparison cmp = new ImageComparison(HostQemu.qemuImg(), null).testDirs(refDir, javaDir);
        List<LevelResult> same = cmp.compare(ref, img, "qcow2", CompareLevel.BYTES);
        assertThat(ImageComparison.passes(same)).as(same.toString()).isTrue();

        byte[] b = Files.readAllBytes(img);
        long l1 = ByteBuffer.wrap(b).getLong(40);
        b[(int) l1 + 7] ^= 0x40; // low byte of the first L1 entry
        Files.write(img, b);
        List<LevelResult> changed = cmp.compare(ref, img, "qcow2", CompareLevel.BYTES);
        LevelResult bytes = changed.get(0);
        assertThat(bytes.outcome()).isEqualTo(LevelResult.Outcome.FAIL);
        assertThat(bytes.detail()).isEqualTo(String.format("bytes differ at offset %d (0x%x): L1 table[0] +0x7", l1 + 7, l1 + 7));
        assertThat(ImageComparison.passes(changed)).isFalse();
    }
}
