package io.jiotests.harness.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * bin/jqemu-daemon's verbs (status, stop) run with a given environment (its JQEMU_DAEMON_DIR names
 * the daemon), and the wait for a daemon to answer and finish its own warm-up: what the
 * java-daemon backend and the benchmarks share.
 */
public final class DaemonControl {
    private DaemonControl() {
    }

    /** Runs {@code bin/jqemu-daemon VERB}, output discarded: its exit status. */
    public static int run(Path binDir, Map<String, String> env, String verb) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(binDir.resolve("jqemu-daemon").toString(), verb)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        return pb.start().waitFor();
    }

    /**
     * Waits until the daemon of {@code env} answers status and its daemon.log says it has warmed
     * up (its warm-up would otherwise compete with what comes next for the CPU): false when that
     * did not happen within {@code timeout}.
     */
    public static boolean awaitWarm(Path binDir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Path.of(env.get("JQEMU_DAEMON_DIR"), "daemon.log");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (run(binDir, env, "status") != 0 || !Files.exists(log) || !Files.readString(log).contains("warmed up")) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
