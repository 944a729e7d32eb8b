package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Images written by qemu-io read back through the engine as qemu-img convert sees them. */
class Qcow2ReadTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
        "compat=1.1", "compat=0.10", "cluster_size=512", "cluster_size=2M",
        "extended_l2=on", "compression_type=zstd", "refcount_bits=1", "extended_l2=on,cluster_size=16k",
    })
    void readsWhatQemuWrote(String opts) throws Exception {
        run("qemu-img", "create", "-f", "qcow2", "-o", opts, "base.qcow2", "4M");
        run("qemu-io", "-c", "write -P 0x11 0 4M", "base.qcow2");
        run("qemu-img", "create", "-f", "qcow2", "-o", opts, "-b", "base.qcow2", "-F", "qcow2",
                "top.qcow2", "5M");
        List<String> io = new ArrayList<>(List.of("qemu-io"));
        for (String c : new String[] {
            "write -P 0x22 1000 70000", "write -z 200k 300k",
            opts.contains("2M") ? "write -c -P 0x33 2M 2M" : "write -c -P 0x33 1M 128k",
            "write -P 0x44 3M 512", "discard 2M 256k", "write -z -u 2560k 64k",
            "write -P 0x55 4608k 10000",
        }) {
            io.add("-c");
            io.add(c);
        }
        io.add("top.qcow2");
        run(io.toArray(new String[0]));
        run("qemu-img", "convert", "-O", "raw", "top.qcow2", "expected.raw");
        byte[] expected = Files.readAllBytes(dir.resolve("expected.raw"));
        BlockOpener opener = new BlockOpener(DriverRegistry.loadDefault(), dir, null);
        try (BlockNode node = opener.open("top.qcow2", null, null, OpenFlags.readOnly())) {
            assertThat(node.driver().name()).isEqualTo("qcow2");
            assertThat(node.length()).isEqualTo(expected.length);
            ByteBuffer buf = ByteBuffer.allocate(expected.length);
            node.pread(0, buf);
            assertThat(java.util.Arrays.mismatch(buf.array(), expected)).isEqualTo(-1);
        }
    }

    private void run(String... cmd) throws Exception {
        QemuTool.Result r = QemuTool.run(dir, cmd);
        assertThat(r.exit()).as(String.join(" ", cmd) + ": " + r.stderr()).isZero();
    }
}
