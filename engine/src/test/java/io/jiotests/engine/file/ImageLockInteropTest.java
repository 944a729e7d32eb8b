package io.jiotests.engine.file;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our locks and QEMU's locks see each other (needs qemu-io on the PATH, which the project requires). */
class ImageLockInteropTest {
    @TempDir
    Path dir;

    private final DriverRegistry registry = DriverRegistry.loadDefault();

    private record Result(int exit, String output) {
    }

    private Result qemuIo(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("qemu-io"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void qemuRefusesWhileAnExclusiveWriterHoldsTheImage() throws Exception {
        ImageCreator.create(registry, "raw", "r.img", new OptionValues().set("size", "1M"), dir);
        BlockOpener opener = new BlockOpener(registry, dir, null);
        try (BlockNode n = opener.open("r.img", "raw", null, OpenFlags.readWrite().withNoShare(true))) {
            Result r = qemuIo("-f", "raw", "-c", "read 0 1", "r.img");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.output()).isEqualTo("qemu-io: can't open device r.img: Failed to get \"write\" lock\n"
                    + "Is another process using the image [r.img]?\n");
            assertThat(qemuIo("-f", "raw", "-r", "-c", "read 0 1", "r.img").exit()).isZero();
        }
        assertThat(qemuIo("-f", "raw", "-c", "read 0 1", "r.img").exit()).isZero();
    }

    @Test
    void weRefuseWhileQemuHoldsTheImage() throws Exception {
        ImageCreator.create(registry, "raw", "r.img", new OptionValues().set("size", "1M"), dir);
        Process holder = new ProcessBuilder("qemu-io", "-f", "raw", "-c", "sleep 300000", "r.img")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            BlockOpener opener = new BlockOpener(registry, dir, null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // generous: qemu-io may start slowly on a loaded machine
            // wait (without locking anything ourselves, so qemu-io cannot lose a race against us)
            // until qemu-io holds its write permission byte
            int fd = PosixLib.open(dir.resolve("r.img").toString(), PosixLib.O_RDONLY, 0);
            try {
                while (PosixLib.ofdTestLock(fd, 101, PosixLib.F_WRLCK)) {
                    assertThat(holder.isAlive()).as("qemu-io holder still running").isTrue();
                    assertThat(System.nanoTime()).as("qemu-io took its lock in time").isLessThan(deadline);
                    Thread.sleep(20);
                }
            } finally {
                PosixLib.close(fd);
            }
            // qemu-io shares everything; an exclusive (qemu-img style) open conflicts with its write use
            assertThatThrownBy(() -> opener.open("r.img", "raw", null, OpenFlags.readOnly().withNoShare(true)))
                    .hasMessage("Failed to get shared \"write\" lock\n"
                            + "Is another process using the image [r.img]?");
            try (BlockNode n = opener.open("r.img", "raw", null, OpenFlags.readWrite())) {
                assertThat(n.length()).isEqualTo(1 << 20);
            }
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
