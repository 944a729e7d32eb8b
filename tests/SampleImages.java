package io.jiotests.tests;

import io.jiotests.harness.api.TestContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared real-world sample images (bzip2-compressed, read-only data kept outside the
 * repository) and decompresses one into the test directory. The folder is looked for as
 * $JIOTESTS_SAMPLE_IMAGES, then as shared/sample-images in or beside each parent of the working
 * directory (the repository root has it at ../shared/sample-images). When it is absent the calling
 * test reports "not run" with the reason, never passing silently.
 */
final class SampleImages {

    private SampleImages() {
    }

    static Path folder(TestContext t) {
        String env = System.getenv("JIOTESTS_SAMPLE_IMAGES");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path in = d.resolve("shared/sample-images");
            if (Files.isDirectory(in)) {
                return in;
            }
        }
        throw t.notRun("shared sample images not found (set JIOTESTS_SAMPLE_IMAGES or put shared/ beside the clone)");
    }

    /** Decompresses NAME.bz2 from the sample folder to TEST_DIR/NAME and returns its path. */
    static Path extract(TestContext t, String name) {
        Path src = folder(t).resolve(name + ".bz2");
        if (!Files.isRegularFile(src)) {
            throw t.notRun("sample image " + name + ".bz2 missing from " + src.getParent());
        }
        Path dst = t.path(name);
        try {
            Process p = new ProcessBuilder("bzip2", "-dc", src.toString())
                    .redirectOutput(dst.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("bzip2 -dc " + src + " failed with " + p.exitValue());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return dst;
    }

    /** qemu-img info of a sample without the host-dependent disk size line. */
    static void info(TestContext t, String fmt, Path img) {
        t.echoFiltered(t.imgQuiet("info", "-f", fmt, img.toString()).merged(),
                s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
    }
}
