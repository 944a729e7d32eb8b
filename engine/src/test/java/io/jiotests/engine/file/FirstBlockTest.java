package io.jiotests.engine.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that grows from empty without preallocation gets its first 4 KiB written (as QEMU's
 * file-posix does for alignment probing): qemu-img create of a raw image and a resize of an empty
 * file leave 4 KiB allocated, a file that already had data is left alone.
 */
class FirstBlockTest {
    @TempDir
    Path dir;

    private static long blocks(Path p) throws Exception {
        Process pr = new ProcessBuilder("stat", "-c", "%b", p.toString()).start();
        String out = new String(pr.getInputStream().readAllBytes()).strip();
        pr.waitFor();
        return Long.parseLong(out) * 512;
    }

    @Test
    void createAllocatesTheFirstBlockOnly() throws Exception {
        Path img = dir.resolve("t.raw");
        new FileDriver().create(img.toString(), new OptionValues().set("size", "4M"), null);
        assertThat(Files.size(img)).isEqualTo(4L << 20);
        assertThat(blocks(img)).isBetween(4096L, (1L << 20) - 1);
        Path small = dir.resolve("s.raw");
        new FileDriver().create(small.toString(), new OptionValues().set("size", "100"), null);
        assertThat(Files.size(small)).isEqualTo(512);
        assertThat(blocks(small)).isPositive();
        Path empty = dir.resolve("e.raw");
        new FileDriver().create(empty.toString(), new OptionValues().set("size", "0"), null);
        assertThat(blocks(empty)).isZero();
    }

    @Test
    void growingFromEmptyAllocatesButGrowingDataDoesNot() throws Exception {
        Path img = dir.resolve("g.raw");
        Files.write(img, new byte[0]);
        try (BlockNode n = new FileDriver().open(new OpenContext(img.toString(), Map.of(),
                OpenFlags.readWrite(), null, (DriverRegistry) null))) {
            n.truncate(4L << 20, true, Preallocation.OFF);
        }
        assertThat(blocks(img)).isBetween(4096L, (1L << 20) - 1);
        Path sparse = dir.resolve("h.raw");
        try (var ch = java.nio.channels.FileChannel.open(sparse, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.position((1 << 20) - 1);
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]));
        }
        long before = blocks(sparse);
        try (BlockNode n = new FileDriver().open(new OpenContext(sparse.toString(), Map.of(),
                OpenFlags.readWrite(), null, (DriverRegistry) null))) {
            n.truncate(4L << 20, true, Preallocation.OFF);
        }
        assertThat(blocks(sparse)).isEqualTo(before);
    }
}
