package io.jiotests.engine.luks;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.crypto.LuksHeader;
import io.jiotests.engine.formats.ToolRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * luks images between jqemu-img / jqemu-io and the reference: each creates with the same options,
 * the other opens with the same password, reads what the first wrote and writes back; the header
 * fields that do not depend on random salts and keys are the same; wrong and missing secrets fail
 * with the same texts.
 */
class LuksInteropTest {
    private static final String SECRET = "secret,id=sec0,data=123456";

    @TempDir
    Path dir;

    private static List<String> create(String image, String options) {
        List<String> a = new ArrayList<>(List.of("create", "-q", "-f", "luks", "--object", SECRET, "-o",
                "key-secret=sec0,iter-time=10" + (options.isEmpty() ? "" : "," + options), image, "3M"));
        return a;
    }

    private static List<String> io(String image, String password, String... commands) {
        List<String> a = new ArrayList<>(List.of("--object", "secret,id=sec0,data=" + password, "--image-opts"));
        for (String c : commands) {
            a.add("-c");
            a.add(c);
        }
        a.add("driver=luks,key-secret=sec0,file.filename=" + image);
        return a;
    }

    /**
     * qemu-img create -f luks; retried when the reference's PBKDF2 benchmark fails with "Unable to
     * get accurate CPU usage", which it does now and then on a loaded machine.
     */
    private ToolRuns.Result qemuCreate(List<String> args) throws Exception {
        ToolRuns.Result r = ToolRuns.qemu(dir, "qemu-img", args);
        for (int i = 0; i < 5 && r.stderr().contains("Unable to get accurate CPU usage"); i++) {
            r = ToolRuns.qemu(dir, "qemu-img", args);
        }
        return r;
    }

    private static String errors(ToolRuns.Result r) {
        return r.stderr() + r.exit();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cipher-mode=cbc,ivgen-alg=essiv,hash-alg=sha1",
        "cipher-mode=ctr,ivgen-alg=plain,hash-alg=sha512", "cipher-alg=aes-128,cipher-mode=ecb,hash-alg=md5"})
    void eachOpensWhatTheOtherCreatedAndWrote(String options) throws Exception {
        assertThat(errors(qemuCreate(create("q.luks", options)))).isEqualTo("0");
        assertThat(errors(ToolRuns.java(dir, "qemu-img", create("j.luks", options)))).isEqualTo("0");
        LuksHeader q = LuksHeader.parse(Files.readAllBytes(dir.resolve("q.luks")));
        LuksHeader j = LuksHeader.parse(Files.readAllBytes(dir.resolve("j.luks")));
        assertThat(j.cipherName()).isEqualTo(q.cipherName());
        assertThat(j.cipherMode()).isEqualTo(q.cipherMode());
        assertThat(j.hashSpec()).isEqualTo(q.hashSpec());
        assertThat(j.keyBytes()).isEqualTo(q.keyBytes());
        assertThat(j.payloadOffsetSectors()).isEqualTo(q.payloadOffsetSectors());
        for (int i = 0; i < LuksHeader.SLOTS; i++) {
            assertThat(j.slots().get(i).active()).isEqualTo(q.slots().get(i).active());
            assertThat(j.slots().get(i).keyOffsetSectors()).isEqualTo(q.slots().get(i).keyOffsetSectors());
            assertThat(j.slots().get(i).stripes()).isEqualTo(q.slots().get(i).stripes());
        }
        assertThat(Files.size(dir.resolve("j.luks"))).isEqualTo(Files.size(dir.resolve("q.luks")));

        for (String[] pair : new String[][] {{"q.luks", "java"}, {"j.luks", "qemu"}}) {
            String image = pair[0];
            boolean javaWrites = pair[1].equals("java");
            List<String> write = io(image, "123456", "write -P 0x5a 0 64k", "write -P 0xa5 1000 3000",
                    "write -P 0x11 2M 512");
            ToolRuns.Result w = javaWrites ? ToolRuns.java(dir, "qemu-io", write) : ToolRuns.qemu(dir, "qemu-io", write);
            assertThat(errors(w)).as(image).isEqualTo("0");
            List<String> read = io(image, "123456", "read -P 0x5a 0 1000", "read -P 0xa5 1000 3000",
                    "read -P 0x5a 4000 61536", "read -P 0x11 2M 512");
            ToolRuns.Result r = javaWrites ? ToolRuns.qemu(dir, "qemu-io", read) : ToolRuns.java(dir, "qemu-io", read);
            assertThat(r.stdout()).as(image).doesNotContain("Pattern verification failed");
            assertThat(errors(r)).as(image).isEqualTo("0");
        }
    }

    /**
     * convert opens the target it created with the create options' key secret, and writes the
     * zeroes of a luks target explicitly (its unwritten payload decrypts to noise).
     */
    @Test
    void convertCreatesOpensAndFillsEncryptedTargets() throws Exception {
        assertThat(errors(ToolRuns.qemu(dir, "qemu-img", List.of("create", "-q", "-f", "raw", "src.raw", "3M"))))
                .isEqualTo("0");
        assertThat(errors(ToolRuns.qemu(dir, "qemu-io", List.of("-f", "raw", "-c", "write -P 0x44 0 1M",
                "src.raw")))).isEqualTo("0");
        List<List<String>> targets = List.of(
                List.of("luks", "key-secret=sec0,iter-time=10", "driver=luks,key-secret=sec0,file.filename=t1"),
                List.of("qcow2", "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=10",
                        "driver=qcow2,encrypt.key-secret=sec0,file.filename=t2"));
        int i = 1;
        for (List<String> t : targets) {
            String name = "t" + i++;
            assertThat(errors(ToolRuns.java(dir, "qemu-img", List.of("convert", "--object", SECRET, "-O", t.get(0),
                    "-o", t.get(1), "src.raw", name)))).as(name).isEqualTo("0");
            ToolRuns.Result r = ToolRuns.qemu(dir, "qemu-io", List.of("--object", SECRET, "--image-opts",
                    "-c", "read -P 0x44 0 1M", "-c", "read -P 0 1M 2M", t.get(2)));
            assertThat(r.stdout()).as(name).doesNotContain("Pattern verification failed");
            assertThat(errors(r)).as(name).isEqualTo("0");
        }
    }

    @Test
    void wrongAndMissingSecretsAreRefusedAlike() throws Exception {
        assertThat(errors(qemuCreate(create("q.luks", "")))).isEqualTo("0");
        List<List<String>> cases = List.of(
                io("q.luks", "654321", "read 0 4k"),
                List.of("-f", "luks", "-c", "read 0 4k", "q.luks"),
                List.of("--image-opts", "-c", "read 0 4k", "driver=luks,key-secret=sec0,file.filename=q.luks"));
        for (List<String> c : cases) {
            ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", c);
            ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", c);
            assertThat(got.stderr()).as(c.toString()).isEqualTo(want.stderr());
            assertThat(got.exit()).as(c.toString()).isEqualTo(want.exit());
        }
        List<String> noSecret = List.of("create", "-f", "luks", "x.luks", "1M");
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-img", noSecret);
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-img", noSecret);
        assertThat(got.stderr()).isEqualTo(want.stderr());
        assertThat(got.stdout()).isEqualTo(want.stdout());
        assertThat(Files.exists(dir.resolve("x.luks"))).isFalse();
    }
}
