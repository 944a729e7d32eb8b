package io.jiotests.engine.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared real-world sample images (bzip2-compressed, read-only): found in the folder named by
 * {@code JIOTESTS_SAMPLE_IMAGES} or in a {@code shared/sample-images} folder above the working
 * directory; a test that needs one reports "not run" when it is not there.
 */
public final class SampleImages {
    private SampleImages() {
    }

    /** Decompresses sample {@code name} (from {@code name.bz2}) into {@code target}. */
    public static void extract(String name, Path target) throws IOException, InterruptedException {
        Path folder = folder();
        Assumptions.assumeTrue(folder != null && Files.isRegularFile(folder.resolve(name + ".bz2")),
                "not run: shared sample images not found (set JIOTESTS_SAMPLE_IMAGES)");
        Process p = new ProcessBuilder("bzip2", "-dc", folder.resolve(name + ".bz2").toString())
                .redirectOutput(target.toFile()).start();
        assertThat(p.waitFor()).isZero();
    }

    private static Path folder() {
        String env = System.getenv("JIOTESTS_SAMPLE_IMAGES");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("shared/sample-images"))) {
                return d.resolve("shared/sample-images");
            }
        }
        return null;
    }
}
