package io.jiotests.harness.run;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-QEMU-version golden variants (NNN.out[.FMT].qemu-V) for the qemu-container backends. */
class GoldenVersionVariantTest {
    static final class Dummy implements ConformanceTest {
        @Override
        public void run(TestContext t) {
        }
    }

    @TempDir
    Path dir;

    private final TestInfo t = new TestInfo(7, "dummy", List.of("quick"), List.of("generic"), List.of("file"),
            List.of(), Dummy.class);

    private Map<String, String> outputs(String raw, String qcow2) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("raw", raw);
        m.put("qcow2", qcow2);
        return m;
    }

    @Test
    void variantsOnlyWhereTheVersionDiffersAndResolvedOnlyForItsContainer() throws IOException {
        Golden g = new Golden(dir);
        Files.writeString(dir.resolve("007.out"), "same\n");
        g.updateVersion(t, "qemu-container:10.0", outputs("same\n", "same\n"), true);
        assertThat(dir.resolve("007.out.qemu-10.0")).doesNotExist();
        assertThat(g.fileFor(t, "raw", "qemu-container:10.0")).isEqualTo(dir.resolve("007.out"));

        g.updateVersion(t, "qemu-container:10.0", outputs("new\n", "new\n"), true);
        assertThat(dir.resolve("007.out.qemu-10.0")).hasContent("new");
        assertThat(g.fileFor(t, "qcow2", "qemu-container:10.0")).isEqualTo(dir.resolve("007.out.qemu-10.0"));
        assertThat(g.fileFor(t, "qcow2", "qemu-container:7.2")).isEqualTo(dir.resolve("007.out"));
        assertThat(g.fileFor(t, "qcow2", "java")).isEqualTo(dir.resolve("007.out"));

        g.updateVersion(t, "qemu-container:10.0", outputs("same\n", "other\n"), true);
        assertThat(dir.resolve("007.out.qemu-10.0")).doesNotExist();
        assertThat(dir.resolve("007.out.raw.qemu-10.0")).doesNotExist();
        assertThat(dir.resolve("007.out.qcow2.qemu-10.0")).hasContent("other");
        assertThat(g.fileFor(t, "raw", "qemu-container:10.0")).isEqualTo(dir.resolve("007.out"));
    }

    @Test
    void hostReferenceUpdateKeepsVersionVariantsAndNoBaseMeansNoVariant() throws IOException {
        Golden g = new Golden(dir);
        g.updateVersion(t, "qemu-container:10.0", outputs("x\n", "x\n"), true);
        assertThat(dir.resolve("007.out.qemu-10.0")).doesNotExist();

        Files.writeString(dir.resolve("007.out"), "base\n");
        g.updateVersion(t, "qemu-container:10.0", outputs("ten\n", "ten\n"), true);
        g.update(t, outputs("base2\n", "base2\n"), true);
        assertThat(dir.resolve("007.out")).hasContent("base2");
        assertThat(dir.resolve("007.out.qemu-10.0")).hasContent("ten");
        assertThat(Golden.versionSuffix("qemu-container:10.0")).isEqualTo("qemu-10.0");
        assertThat(Golden.versionSuffix("qemu")).isNull();
    }
}
