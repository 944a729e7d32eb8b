package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** amend gives the same bytes as qemu-img amend for the options the engine supports. */
class Qcow2AmendTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "compat=0.10;compat=1.1", "compat=1.1;lazy_refcounts=on", "lazy_refcounts=on;lazy_refcounts=off",
        "compat=1.1;size=3G", "compat=0.10;compat=1.1,lazy_refcounts=on",
        "cluster_size=4096;lazy_refcounts=on,size=2G", "compat=1.1;size=64k",
        "cluster_size=512;refcount_bits=64", "cluster_size=4096,refcount_bits=1;refcount_bits=64",
        "cluster_size=2048;refcount_bits=2", "cluster_size=65536,refcount_bits=1;refcount_bits=32",
        "cluster_size=1024,refcount_bits=64;refcount_bits=1",
    })
    void sameBytesAsQemuImgAmend(String createOpts, String amendOpts) throws Exception {
        for (String f : new String[] {"ref.qcow2", "our.qcow2"}) {
            QemuTool.Result c = QemuTool.run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o",
                    createOpts, f, "1G");
            assertThat(c.exit()).isZero();
            QemuTool.Result w = QemuTool.run(dir, "qemu-io", "-c", "write -P 9 0 128k", f);
            assertThat(w.exit()).isZero();
        }
        QemuTool.Result a = QemuTool.run(dir, "qemu-img", "amend", "-f", "qcow2", "-o", amendOpts,
                "ref.qcow2");
        assertThat(a.exit()).as(a.stderr()).isZero();
        try (BlockNode node = new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open("our.qcow2", "qcow2", null, OpenFlags.readWrite().withNoBacking(true))) {
            node.amend(OptionValues.parse(amendOpts, new OptionValues()), false, null);
        }
        assertThat(Files.size(dir.resolve("our.qcow2"))).isEqualTo(Files.size(dir.resolve("ref.qcow2")));
        assertThat(Files.mismatch(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"))).isEqualTo(-1);
    }
}
