package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OptionValues;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code create -f qcow2} through the engine gives the same bytes as qemu-img create. */
class Qcow2CreateIdenticalTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "1G;",
        "0;",
        "1000;",
        "1G;compat=0.10",
        "64M;cluster_size=512",
        "64M;cluster_size=4096",
        "1T;cluster_size=2M",
        "100G;cluster_size=512",
        "1G;refcount_bits=1",
        "1G;refcount_bits=2",
        "1G;refcount_bits=4",
        "1G;refcount_bits=8",
        "1G;refcount_bits=32",
        "1G;refcount_bits=64",
        "1G;lazy_refcounts=on",
        "1G;extended_l2=on",
        "1G;extended_l2=on,cluster_size=16k",
        "1G;compression_type=zstd",
        "1000;preallocation=metadata",
        "64M;preallocation=metadata",
        "64M;preallocation=metadata,extended_l2=on",
        "64M;preallocation=falloc",
        "64M;preallocation=full,extended_l2=on",
        "16M;preallocation=metadata,cluster_size=512,refcount_bits=64",
        "4M;preallocation=falloc,cluster_size=512,refcount_bits=64",
        "8M;preallocation=metadata,cluster_size=1024,refcount_bits=1",
        "1G;backing_file=base.qcow2,backing_fmt=qcow2",
        "1G;compat=0.10,backing_file=base.qcow2,backing_fmt=qcow2",
        "1G;backing_file=base.qcow2,backing_fmt=qcow2,extended_l2=on,preallocation=metadata",
        "1G;data_file=data.raw",
        "1G;data_file=data.raw,data_file_raw=on",
        "64M;data_file=data.raw,preallocation=metadata",
    })
    void sameBytesAsQemuImg(String size, String options) throws Exception {
        String opts = options == null ? "" : options;
        Files.write(dir.resolve("base.qcow2"), new byte[0]);
        QemuTool.Result base = QemuTool.run(dir, "qemu-img", "create", "-f", "qcow2", "base.qcow2",
                "1G");
        assertThat(base.exit()).isZero();
        QemuTool.Result q = QemuTool.run(dir, "qemu-img", "create", "-f", "qcow2", "-o",
                opts.isEmpty() ? "compat=1.1" : opts, "ref.qcow2", size);
        assertThat(q.exit()).as(q.stderr()).isZero();
        long refDataSize = -1;
        if (opts.contains("data_file")) {
            refDataSize = Files.size(dir.resolve("data.raw"));
            Files.delete(dir.resolve("data.raw"));
        }
        OptionValues ov = new OptionValues();
        if (!opts.isEmpty()) {
            OptionValues.parse(opts, ov);
        }
        ov.set("size", size);
        ImageCreator.create(DriverRegistry.loadDefault(), "qcow2", "our.qcow2", ov, dir);
        if (Files.mismatch(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2")) != -1) {
            Path keep = Path.of(System.getProperty("java.io.tmpdir"), "qcow2-create-mismatch",
                    (size + "_" + opts).replaceAll("[^A-Za-z0-9_.=-]", "_"));
            Files.createDirectories(keep);
            for (String f : new String[] {"ref.qcow2", "our.qcow2"}) {
                Files.copy(dir.resolve(f), keep.resolve(f),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertThat(Files.size(dir.resolve("our.qcow2"))).as("file length")
                .isEqualTo(Files.size(dir.resolve("ref.qcow2")));
        long diff = Files.mismatch(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"));
        assertThat(diff).as("first differing byte at %#x", diff).isEqualTo(-1);
        if (refDataSize >= 0) {
            assertThat(Files.size(dir.resolve("data.raw"))).isEqualTo(refDataSize);
        }
        QemuTool.Result check = QemuTool.run(dir, "qemu-img", "check", "our.qcow2");
        assertThat(check.exit()).as(check.stdout() + check.stderr()).isZero();
    }
}
