package io.jiotests.engine.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver test against the reference qemu-img / qemu-io 7.2: reported as not run when the
 * reference is not installed; each test works in its own temporary directory {@link #dir}.
 */
public abstract class ReferenceTestBase {
    @TempDir
    protected Path dir;

    @BeforeAll
    static void needsReference() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")),
                "not run: reference qemu-img (/usr/bin/qemu-img) not installed");
    }

    /** Runs a reference command ({@code qemu-img ...} or {@code qemu-io ...}) in {@link #dir} that must succeed. */
    protected void reference(String... command) throws IOException, InterruptedException {
        TwinRuns.reference(dir, List.of(command));
    }
}
