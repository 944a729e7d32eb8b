package io.jiotests.engine.luks;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pure-Java ciphers and hash (Twofish, Serpent, CAST-128, RIPEMD-160) against the reference:
 * luks and qcow2 (encrypt.format=luks) images qemu-img creates and qemu-io writes are read by
 * jqemu-io, and the other way round, in every mode and IV generator; combinations qemu refuses
 * are refused with its words, and neither leaves the image file behind.
 */
class LuksCipherInteropTest {
    private static final String SECRET = "secret,id=sec0,data=123456";

    @TempDir
    Path dir;

    private static String errors(ToolRuns.Result r) {
        return r.stderr() + r.exit();
    }

    /** qemu-img create, retried when the reference's PBKDF2 benchmark fails on a loaded machine. */
    private ToolRuns.Result qemuCreate(List<String> args) throws Exception {
        ToolRuns.Result r = ToolRuns.qemu(dir, "qemu-img", args);
        for (int i = 0; i < 5 && r.stderr().contains("Unable to get accurate CPU usage"); i++) {
            r = ToolRuns.qemu(dir, "qemu-img", args);
        }
        return r;
    }

    private static List<String> create(String fmt, String image, String options) {
        String prefix = fmt.equals("qcow2") ? "encrypt." : "";
        StringBuilder o = new StringBuilder(fmt.equals("qcow2") ? "encrypt.format=luks," : "");
        o.append(prefix).append("key-secret=sec0,").append(prefix).append("iter-time=10");
        for (String kv : options.split(",")) {
            o.append(',').append(prefix).append(kv);
        }
        return List.of("create", "-q", "-f", fmt, "--object", SECRET, "-o", o.toString(), image, "2M");
    }

    private static List<String> io(String fmt, String image, String... commands) {
        List<String> a = new ArrayList<>(List.of("--object", SECRET, "--image-opts"));
        for (String c : commands) {
            a.add("-c");
            a.add(c);
        }
        a.add("driver=" + fmt + "," + (fmt.equals("qcow2") ? "encrypt." : "") + "key-secret=sec0,file.filename="
                + image);
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"luks:cipher-alg=twofish-256,hash-alg=ripemd160",
        "luks:cipher-alg=twofish-128,cipher-mode=cbc,ivgen-alg=essiv", "luks:cipher-alg=serpent-192,ivgen-alg=plain",
        "luks:cipher-alg=cast5-128,cipher-mode=ecb,ivgen-alg=essiv,ivgen-hash-alg=md5",
        "qcow2:cipher-alg=serpent-256,cipher-mode=cbc,ivgen-alg=essiv,hash-alg=ripemd160",
        "qcow2:cipher-alg=cast5-128,cipher-mode=ctr"})
    void eachReadsWhatTheOtherCreatedAndWrote(String spec) throws Exception {
        String fmt = spec.substring(0, spec.indexOf(':'));
        String options = spec.substring(spec.indexOf(':') + 1);
        assertThat(errors(qemuCreate(create(fmt, "q.img", options)))).isEqualTo("0");
        assertThat(errors(ToolRuns.java(dir, "qemu-img", create(fmt, "j.img", options)))).isEqualTo("0");
        assertThat(Files.size(dir.resolve("j.img"))).isEqualTo(Files.size(dir.resolve("q.img")));
        for (String image : List.of("q.img", "j.img")) {
            boolean javaWrites = image.equals("q.img");
            List<String> write = io(fmt, image, "write -P 0x5a 0 64k", "write -P 0xa5 1000 3000",
                    "write -P 0x11 1M 512");
            ToolRuns.Result w = javaWrites ? ToolRuns.java(dir, "qemu-io", write) : ToolRuns.qemu(dir, "qemu-io", write);
            assertThat(errors(w)).as(image).isEqualTo("0");
            List<String> read = io(fmt, image, "read -P 0x5a 0 1000", "read -P 0xa5 1000 3000",
                    "read -P 0x5a 4000 61536", "read -P 0x11 1M 512");
            ToolRuns.Result r = javaWrites ? ToolRuns.qemu(dir, "qemu-io", read) : ToolRuns.java(dir, "qemu-io", read);
            assertThat(r.stdout()).as(image).doesNotContain("Pattern verification failed");
            assertThat(errors(r)).as(image).isEqualTo("0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"luks:cipher-alg=cast5-128", "luks:cipher-alg=serpent-64", "luks:cipher-alg=twofish-512",
        "luks:cipher-alg=des", "luks:cipher-alg=3des,ivgen-alg=essiv", "luks:ivgen-alg=essiv,ivgen-hash-alg=ripemd160",
        "luks:cipher-alg=cast5-128,cipher-mode=cbc,ivgen-alg=essiv",
        "luks:cipher-alg=serpent-192,ivgen-alg=essiv,ivgen-hash-alg=sha224",
        "luks:cipher-alg=twofish-128,ivgen-alg=essiv,ivgen-hash-alg=sha1",
        "qcow2:cipher-alg=cast5-128,cipher-mode=xts", "qcow2:cipher-alg=twofish-256,ivgen-alg=essiv,ivgen-hash-alg=sha384"})
    void refusedCombinationsFailAlike(String spec) throws Exception {
        String fmt = spec.substring(0, spec.indexOf(':'));
        String options = spec.substring(spec.indexOf(':') + 1);
        ToolRuns.Result want = qemuCreate(create(fmt, "q.img", options));
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-img", create(fmt, "q.img", options));
        assertThat(want.exit()).isEqualTo(1);
        assertThat(got.stderr()).isEqualTo(want.stderr());
        assertThat(got.exit()).isEqualTo(want.exit());
        assertThat(Files.exists(dir.resolve("q.img"))).isFalse();
    }
}
