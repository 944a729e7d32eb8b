package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Growing an image gives the same bytes as qemu-img resize. */
class Qcow2ResizeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "cluster_size=65536,1G,3G,off", "cluster_size=512,1M,64M,off", "compat=0.10,10M,2G,off",
        "cluster_size=4096,1M,8M,metadata", "cluster_size=65536,1M,5M,falloc",
        "cluster_size=65536,1000K,3M,full",
    })
    void growsLikeQemuImg(String opts, String from, String to, String prealloc) throws Exception {
        for (String f : new String[] {"ref.qcow2", "our.qcow2"}) {
            QemuTool.Result c = QemuTool.run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o",
                    opts, f, from);
            assertThat(c.exit()).isZero();
        }
        QemuTool.Result w = QemuTool.run(dir, "qemu-io", "-c", "write -P 7 0 64k", "ref.qcow2");
        assertThat(w.exit()).isZero();
        w = QemuTool.run(dir, "qemu-io", "-c", "write -P 7 0 64k", "our.qcow2");
        assertThat(w.exit()).isZero();
        QemuTool.Result r = QemuTool.run(dir, "qemu-img", "resize", "-q", "--preallocation=" + prealloc,
                "ref.qcow2", to);
        assertThat(r.exit()).as(r.stderr()).isZero();
        long size = io.jiotests.engine.block.SizeParser.parse(to);
        try (BlockNode node = new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open("our.qcow2", "qcow2", null, OpenFlags.readWrite())) {
            node.truncate(size, false, Preallocation.parse(prealloc));
        }
        assertThat(Files.size(dir.resolve("our.qcow2"))).isEqualTo(Files.size(dir.resolve("ref.qcow2")));
        assertThat(Files.mismatch(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"))).isEqualTo(-1);
    }
}
