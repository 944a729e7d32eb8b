package io.jiotests.engine.tools;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a front end (jqemu-img, jqemu-io) runs: its standard output and error, the working
 * directory that relative filenames resolve against, the environment, and its standard input (which
 * only qemu-io without -c reads). The in-process harness backend passes streams that record both
 * outputs in write order; the launchers pass System.out / System.err and the process' cwd; the tool
 * daemon passes its client's. A tool never calls System.exit: it returns the exit code.
 */
public record ToolContext(PrintStream out, PrintStream err, Path cwd, Map<String, String> env, InputStream in) {

    /** A context whose standard input is this process's. */
    public ToolContext(PrintStream out, PrintStream err, Path cwd, Map<String, String> env) {
        this(out, err, cwd, env, System.in);
    }

    /** The context of a real process. */
    public static ToolContext ofProcess() {
        return new ToolContext(System.out, System.err, Path.of("").toAbsolutePath(), System.getenv());
    }

    /** Resolves a user-given filename against {@link #cwd()}. */
    public Path resolve(String filename) {
        return cwd.resolve(filename);
    }
}
