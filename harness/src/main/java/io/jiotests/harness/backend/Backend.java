package io.jiotests.harness.backend;

import io.jiotests.harness.api.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One implementation under test ("qemu", "java", "java-cli", "qemu-container:10.0", ...): it runs
 * qemu-img / qemu-io (or its stand-ins) with given arguments in a working directory. A backend is
 * created once per run and shared by all test cases, which may call it from several threads.
 */
public interface Backend extends AutoCloseable {

    /** The name given to --impl, e.g. "qemu" or "qemu-container:10.0". */
    String name();

    /**
     * Whether this backend is a reference QEMU whose outputs may become golden outputs; the
     * engine's backends are not.
     */
    default boolean isReference() {
        return false;
    }

    /**
     * Empty when usable; otherwise why not (e.g. "qemu-img not found on PATH"). The engine's
     * backends are always usable.
     */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /**
     * Whether the programs run inside this JVM (the engine's own backend). Its image files and
     * their locks then belong to this JVM, and a subprocess this JVM starts meanwhile inherits a
     * copy of every descriptor open at that instant until it execs: see {@code Suite.run}.
     */
    default boolean inProcess() {
        return false;
    }

    /**
     * Runs a program.
     *
     * @param program "qemu-img" or "qemu-io" (the QEMU name; the backend maps it to its own)
     * @param args    the arguments after the program name
     * @param cwd     the working directory (the test directory)
     * @param mode    whether the merged stream must keep the exact write order (2>&1) or the two
     *                streams must be kept apart
     * @param timeout the longest the call may take; on expiry it is killed and reported
     */
    ToolResult run(String program, List<String> args, Path cwd, StreamMode mode, Duration timeout);

    /** Frees what the backend holds (containers, ...). */
    @Override
    default void close() {
    }
}
