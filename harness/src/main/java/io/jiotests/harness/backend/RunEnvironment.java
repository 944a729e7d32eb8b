package io.jiotests.harness.backend;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a backend may need to know about the run.
 *
 * @param repoRoot the repository root (bin/ launchers, reference-qemu/ builds)
 * @param workRoot the directory under which every test directory of this run is created (a
 *                 container backend bind-mounts it at the same path)
 * @param env      the environment (QEMU_IMG_PROG, QEMU_IO_PROG, ...)
 */
public record RunEnvironment(Path repoRoot, Path workRoot, Map<String, String> env) {
}
