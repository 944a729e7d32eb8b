package io.jiotests.engine.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a front end (jqemu-img, jqemu-io) runs: its standard output and error, the working
 * directory that relative filenames resolve against, and the environment. The in-process harness
 * backend passes streams that record both outputs in write order; the launchers pass System.out /
 * System.err and the process' cwd. A tool never calls System.exit: it returns the exit code.
 */
public record ToolContext(PrintStream out, PrintStream err, Path cwd, Map<String, String> env) {

    /** The context of a real process. */
    public static ToolContext ofProcess() {
        return new ToolContext(System.out, System.err, Path.of("").toAbsolutePath(), System.getenv());
    }

    /** Resolves a user-given filename against {@link #cwd()}. */
    public Path resolve(String filename) {
        return cwd.resolve(filename);
    }
}
