package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-img commit through the engine leaves the base and the top image byte-identical to what the
 * reference qemu-img commit makes of the same chain: v2 (emptied by discarding every cluster) and
 * v3 (rebuilt empty) tops, -d, zero and compressed clusters above the base, base cluster sizes
 * larger than the top's. (A base with smaller clusters than the top, filled where it had holes,
 * is left out: QEMU writes such a chunk in concurrent pieces whose allocation order varies.)
 */
class ImgCommitTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void reference() {
        assertTrue(ReferenceRun.referenceAvailable(), "qemu-img (the reference) must be installed");
    }

    private static void qemuIo(Path cwd, String file, String... cmds) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-io"));
        for (String c : cmds) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(file);
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static void chain(Path d, String baseOpts, String topOpts) throws Exception {
        Files.createDirectories(d);
        assertThat(ReferenceRun.qemu(d, List.of("create", "-q", "-f", "qcow2", "-o", baseOpts,
                "base.qcow2", "1M")).exitCode()).isZero();
        qemuIo(d, "base.qcow2", "write -P 1 0 1M", "discard 768k 128k");
        assertThat(ReferenceRun.qemu(d, List.of("create", "-q", "-f", "qcow2", "-o", topOpts,
                "-b", "base.qcow2", "-F", "qcow2", "top.qcow2", "1M")).exitCode()).isZero();
        qemuIo(d, "top.qcow2", "write -P 2 0 64k", "write -z 128k 64k", "write -P 3 300k 1k",
                "write -c -P 4 512k 64k", "write -P 5 800k 4k");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "compat=1.1             | compat=1.1                 | ''",
        "compat=1.1             | compat=1.1                 | -d",
        "compat=0.10            | compat=0.10                | ''",
        "compat=1.1,refcount_bits=1 | compat=1.1,cluster_size=4k | ''",
        "compat=1.1,cluster_size=256k | compat=1.1           | ''",
        "compat=1.1             | compat=1.1,cluster_size=4k | -d",
    })
    void commitGivesTheReferenceBytes(String baseOpts, String topOpts, String flag) throws Exception {
        Path ref = dir.resolve("ref");
        Path our = dir.resolve("our");
        chain(ref, baseOpts, topOpts);
        // the same input bytes for both (qemu's compressed writes are not placed deterministically)
        Files.createDirectories(our);
        for (String f : List.of("base.qcow2", "top.qcow2")) {
            Files.copy(ref.resolve(f), our.resolve(f));
        }
        List<String> args = new ArrayList<>(List.of("commit"));
        if (!flag.isEmpty()) {
            args.add(flag);
        }
        args.add("top.qcow2");
        ReferenceRun.Outcome expected = ReferenceRun.qemu(ref, args);
        ReferenceRun.Outcome actual = ReferenceRun.java(our, args);
        assertThat(actual).isEqualTo(expected);
        for (String f : List.of("base.qcow2", "top.qcow2")) {
            assertThat(Files.mismatch(ref.resolve(f), our.resolve(f))).as(f).isEqualTo(-1L);
        }
        ReferenceRun.Outcome check = ReferenceRun.qemu(our, List.of("check", "base.qcow2"));
        assertThat(check.exitCode()).as(check.toString()).isZero();
    }
}
