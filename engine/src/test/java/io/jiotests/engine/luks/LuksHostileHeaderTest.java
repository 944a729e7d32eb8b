package io.jiotests.engine.luks;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.formats.ToolRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Damaged LUKS headers (a qemu-img made image with bytes overwritten or the file cut) opened by
 * jqemu-io and qemu-io with the right password: the same error text and exit code, never a crash.
 */
class LuksHostileHeaderTest {
    private static final String SECRET = "secret,id=sec0,data=123456";

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeImage() throws Exception {
        List<String> args = List.of("create", "-q", "-f", "luks", "--object", SECRET, "-o",
                "key-secret=sec0,iter-time=10", "base.luks", "1M");
        ToolRuns.Result r = ToolRuns.qemu(dir, "qemu-img", args);
        for (int i = 0; i < 5 && r.stderr().contains("Unable to get accurate CPU usage"); i++) {
            r = ToolRuns.qemu(dir, "qemu-img", args); // the reference's benchmark, on a loaded machine
        }
        assertThat(r.exit()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "version 2,             6,   0002,",
        "payload past the end,  104, ffffffff,",
        "key bytes 4096,        108, 00001000,",
        "key bytes 0,           108, 00000000,",
        "mode without ivgen,    40,  666f6f00,",
        "unknown hash,          72,  73686139393900,",
        "slot near 2^32,        248, fffffff0,",
        "slot in the header,    248, 00000004,",
        "slots overlapping,     248, 00000200,",
        "stripes,               252, 00000fa1,",
        "bad magic,             0,   00,",
        "cut to 1000 bytes,     -1,  ,1000",
        "cut to 100 bytes,      -1,  ,100",
        "cut to 3 bytes,        -1,  ,3",
    })
    void sameErrorAsQemu(String name, int offset, String hex, Integer cutTo) throws Exception {
        byte[] image = Files.readAllBytes(dir.resolve("base.luks"));
        if (offset >= 0) {
            byte[] poke = HexFormat.of().parseHex(hex);
            System.arraycopy(poke, 0, image, offset, poke.length);
        }
        if (cutTo != null) {
            image = java.util.Arrays.copyOf(image, cutTo);
        }
        String file = name.replace(' ', '_') + ".luks";
        Files.write(dir.resolve(file), image);
        List<String> args = List.of("--object", SECRET, "--image-opts", "-c", "read 0 512",
                "driver=luks,key-secret=sec0,file.filename=" + file);
        ToolRuns.Result want = ToolRuns.qemu(dir, "qemu-io", args);
        ToolRuns.Result got = ToolRuns.java(dir, "qemu-io", args);
        assertThat(got.stderr()).as(name).isEqualTo(want.stderr());
        assertThat(got.exit()).as(name).isEqualTo(want.exit());
    }
}
