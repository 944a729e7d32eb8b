package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporarily loading an internal snapshot (convert -l): reads see the snapshot, the file is untouched. */
class Qcow2SnapshotLoadTmpTest {
    @TempDir
    Path dir;

    private void run(String... cmd) throws Exception {
        QemuTool.Result r = QemuTool.run(dir, cmd);
        assertThat(r.exit()).as(String.join(" ", cmd) + r.stderr()).isZero();
    }

    private BlockNode open(OpenFlags flags) throws Exception {
        return new BlockOpener(DriverRegistry.loadDefault(), dir, null).open("t.qcow2", "qcow2", null, flags);
    }

    private static byte[] read(BlockNode n, long off, int len) throws BlockException {
        ByteBuffer b = ByteBuffer.allocate(len);
        n.pread(off, b);
        return b.array();
    }

    private static byte[] filled(int len, int v) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void readsTheSnapshotByIdOrNameAndLeavesTheFileAlone() throws Exception {
        run("qemu-img", "create", "-q", "-f", "qcow2", "t.qcow2", "1M");
        run("qemu-io", "-c", "write -P 1 0 256k", "t.qcow2");
        run("qemu-img", "snapshot", "-c", "first", "t.qcow2");
        run("qemu-io", "-c", "write -P 2 0 1M", "t.qcow2");
        byte[] before = Files.readAllBytes(dir.resolve("t.qcow2"));
        try (BlockNode n = open(OpenFlags.readOnly())) {
            assertThat(read(n, 0, 4096)).isEqualTo(filled(4096, 2));
            n.snapshotLoadTmp("1", null);
            assertThat(read(n, 0, 65536)).isEqualTo(filled(65536, 1));
            assertThat(read(n, 512 * 1024, 65536)).isEqualTo(filled(65536, 0));
        }
        try (BlockNode n = open(OpenFlags.readOnly())) {
            n.snapshotLoadTmp(null, "first");
            assertThat(read(n, 128 * 1024, 4096)).isEqualTo(filled(4096, 1));
            assertThatThrownBy(() -> n.snapshotLoadTmp("1", "other"))
                    .isInstanceOfSatisfying(BlockException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                        assertThat(e.getMessage()).isEqualTo("Can't find snapshot");
                    });
        }
        try (BlockNode n = open(OpenFlags.readWrite())) {
            assertThatThrownBy(() -> n.snapshotLoadTmp("1", null)).isInstanceOf(BlockException.class);
            assertThat(read(n, 0, 4096)).isEqualTo(filled(4096, 2));
        }
        assertThat(Files.readAllBytes(dir.resolve("t.qcow2"))).isEqualTo(before);
    }
}
