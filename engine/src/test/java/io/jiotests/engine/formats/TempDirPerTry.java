package io.jiotests.engine.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * A jqwik property test whose every try runs in a fresh temporary directory {@link #dir}, removed
 * with everything in it after the try.
 */
public abstract class TempDirPerTry {
    protected Path dir;

    @BeforeTry
    void makeDir() throws IOException {
        dir = Files.createTempDirectory(getClass().getSimpleName());
    }

    @AfterTry
    void removeDir() throws IOException {
        TwinRuns.delete(dir);
    }
}
