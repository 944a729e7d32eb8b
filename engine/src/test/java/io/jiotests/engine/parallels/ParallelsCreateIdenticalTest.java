package io.jiotests.engine.parallels;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.HeaderPokes;
import io.jiotests.engine.formats.ToolRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * qemu-img create -f parallels through jqemu-img and QEMU: the same output, exit code and file
 * bytes for cluster sizes from 512 bytes to 4 MiB (rounded up to sectors as QEMU does) and sizes
 * from 0 to the largest each cluster size allows; the refused ones with QEMU's messages. Then the
 * runtime options prealloc-mode and prealloc-size through --image-opts: same bytes after writes.
 */
class ParallelsCreateIdenticalTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "'';0", "'';1", "'';511", "'';5M", "'';1G", "'';64M",
        "cluster_size=64k;0", "cluster_size=64k;5M", "cluster_size=64k;1G",
        "cluster_size=1000;1", "cluster_size=1000;5M", "cluster_size=1000;1G",
        "cluster_size=512;3M", "cluster_size=4k;1G", "cluster_size=4M;5M",
        "cluster_size=4k;17592186044416",     // 2^32 clusters: too large
        "cluster_size=1000;17592186044415",
        "cluster_size=0;5M",                  // no cluster size: every size is too large
        "cluster_size=2G;5M",                 // too large a cluster
        "cluster_size=bogus;5M",
        "cluster_size=-1;5M",
        "size=5M,cluster_size=1M;''",
    })
    void sameBytesAsQemuImgCreate(String opts, String size) throws Exception {
        String[] r = new String[2];
        int i = 0;
        for (String name : List.of("q.parallels", "j.parallels")) {
            List<String> args = new ArrayList<>(List.of("create", "-f", "parallels"));
            if (!opts.isEmpty()) {
                args.addAll(List.of("-o", opts));
            }
            args.add(name);
            if (!size.isEmpty()) {
                args.add(size);
            }
            ToolRuns.Result res = i == 0 ? ToolRuns.qemu(dir, "qemu-img", args) : ToolRuns.java(dir, "qemu-img", args);
            r[i++] = res.exit() + "\n" + res.stdout().replace(name, "IMG") + res.stderr().replace(name, "IMG");
        }
        assertThat(r[1]).as("create %s %s", opts, size).isEqualTo(r[0]);
        Path q = dir.resolve("q.parallels");
        Path j = dir.resolve("j.parallels");
        assertThat(Files.exists(j)).isEqualTo(Files.exists(q));
        if (Files.exists(q)) {
            assertThat(Files.size(j)).isEqualTo(Files.size(q));
            assertThat(Files.mismatch(j, q)).isEqualTo(-1L);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "prealloc-mode=truncate",
        "prealloc-mode=falloc,prealloc-size=1M",
        "prealloc-mode=truncate,prealloc-size=0",
        "prealloc-mode=bogus",
        "prealloc-size=xyz",
        "prealloc-size=7M,bogus=1",
    })
    void runtimeOptionsGiveTheSameBytes(String opts) throws Exception {
        String[] out = new String[2];
        int i = 0;
        for (String name : List.of("q.parallels", "j.parallels")) {
            assertThat(ToolRuns.qemu(dir, "qemu-img", List.of("create", "-q", "-f", "parallels", "-o",
                    "cluster_size=64k", name, "8M")).exit()).isZero();
            List<String> args = List.of("--image-opts", "-c", "write -P 1 0 100k", "-c", "write -P 2 5M 64k",
                    "-c", "read -P 1 0 100k", "driver=parallels," + opts + ",file.filename=" + name);
            ToolRuns.Result res = i == 0 ? ToolRuns.qemu(dir, "qemu-io", args) : ToolRuns.java(dir, "qemu-io", args);
            out[i++] = res.exit() + "\n" + res.stdout() + res.stderr();
        }
        assertThat(out[1]).as("qemu-io with %s", opts).isEqualTo(out[0]);
        String[] check = HeaderPokes.both(dir, "qemu-img", List.of("check", "-f", "parallels"), "q.parallels",
                "j.parallels");
        assertThat(check[1]).isEqualTo(check[0]);
        assertThat(Files.size(dir.resolve("j.parallels"))).isEqualTo(Files.size(dir.resolve("q.parallels")));
        assertThat(Files.mismatch(dir.resolve("j.parallels"), dir.resolve("q.parallels"))).isEqualTo(-1L);
    }
}
