package io.jiotests.harness.backend;

import io.jiotests.harness.api.ToolResult;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/** Runs subprocesses with Apache Commons Exec under a timeout watchdog. */
public final class ProcessRunner {

    /** Exit code reported when the watchdog killed the process (as timeout(1) does). */
    public static final int TIMEOUT_EXIT = 124;
    /** Exit code reported when the program could not be started. */
    public static final int NOT_FOUND_EXIT = 127;

    private final Map<String, String> env;

    public ProcessRunner(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Runs {@code executable args...} in {@code cwd}. In {@link StreamMode#MERGED} mode it goes
     * through {@code /bin/sh -c 'exec "$0" "$@" 2>&1'} so both streams share one pipe and keep the
     * exact write order.
     */
    public ToolResult run(String executable, List<String> args, Path cwd, StreamMode mode, Duration timeout) {
        CommandLine cl;
        if (mode == StreamMode.MERGED) {
            cl = new CommandLine("/bin/sh");
            cl.addArgument("-c", false);
            cl.addArgument("exec \"$0\" \"$@\" 2>&1", false);
            cl.addArgument(executable, false);
        } else {
            cl = new CommandLine(executable);
        }
        for (String a : args) {
            cl.addArgument(a, false);
        }
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(cwd.toFile()).get();
        executor.setExitValues(null);
        executor.setWatchdog(watchdog);
        if (mode == StreamMode.MERGED) {
            ByteArrayOutputStream merged = new ByteArrayOutputStream();
            executor.setStreamHandler(new PumpStreamHandler(merged, merged, null));
            int rc;
            String note = "";
            try {
                rc = executor.execute(cl, env);
            } catch (IOException e) {
                rc = NOT_FOUND_EXIT;
                note = "jiotests: cannot run " + executable + ": " + e.getMessage() + "\n";
            }
            if (watchdog.killedProcess()) {
                rc = TIMEOUT_EXIT;
                note = "jiotests: " + executable + " killed after the timeout of " + timeout.toSeconds() + " s\n";
            }
            String text = merged.toString(StandardCharsets.UTF_8) + note;
            return new ToolResult(rc, text, "", text);
        }
        OutputRecorder rec = new OutputRecorder();
        executor.setStreamHandler(new PumpStreamHandler(rec.stdout(), rec.stderr(), null));
        int rc;
        try {
            rc = executor.execute(cl, env);
        } catch (IOException e) {
            rc = NOT_FOUND_EXIT;
            rec.note("jiotests: cannot run " + executable + ": " + e.getMessage() + "\n");
        }
        if (watchdog.killedProcess()) {
            rc = TIMEOUT_EXIT;
            rec.note("jiotests: " + executable + " killed after the timeout of " + timeout.toSeconds() + " s\n");
        }
        return rec.result(rc);
    }

    /** Finds an executable: an absolute or relative path as given, else searched on PATH. */
    public static Optional<Path> findExecutable(String name, Map<String, String> env) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
