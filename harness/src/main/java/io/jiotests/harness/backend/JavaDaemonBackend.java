package io.jiotests.harness.backend;

import io.jiotests.harness.api.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The launchers with JQEMU_DAEMON=on: each qemu-img / qemu-io call is a client process handing
 * its command to one long-lived daemon JVM (bin/jqemu-daemon), started by the first call. The
 * daemon of a run is its own: its socket lives in a temporary directory of this backend, and
 * {@link #close} stops it and removes the directory.
 */
public final class JavaDaemonBackend implements Backend {
    static final String NAME = "java-daemon";

    private final Path binDir;
    private final Path client;
    private final Path daemonDir;
    private final Map<String, String> env;
    private final JavaCliBackend launchers;

    JavaDaemonBackend(Path repoRoot, Map<String, String> baseEnv) {
        this.binDir = repoRoot.resolve("bin");
        this.client = repoRoot.resolve("engine/target/native/jqemu-client");
        try {
            // short: a Unix socket's path has at most 107 bytes
            this.daemonDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "jqd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new LinkedHashMap<>(baseEnv);
        env.put("JQEMU_DAEMON", "on");
        env.put("JQEMU_DAEMON_DIR", daemonDir.toString());
        this.env = Map.copyOf(env);
        this.launchers = new JavaCliBackend(binDir, this.env);
    }

    public static JavaDaemonBackend fromRepo(RunEnvironment env) {
        return new JavaDaemonBackend(env.repoRoot(), env.env());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> unavailableReason() {
        if (!Files.isExecutable(client)) {
            return Optional.of("no daemon client " + client + " (bin/jqemu-aot-train builds it when cc is present)");
        }
        return Optional.empty();
    }

    @Override
    public ToolResult run(String program, List<String> args, Path cwd, StreamMode mode, Duration timeout) {
        return launchers.run(program, args, cwd, mode, timeout);
    }

    /** The directory holding the daemon's socket and daemon.log. */
    public Path daemonDir() {
        return daemonDir;
    }

    /** Stops the daemon (it ends once its running commands are done) and removes its directory. */
    @Override
    public void close() {
        try {
            DaemonControl.run(binDir, env, "stop");
        } catch (IOException e) {
            // no daemon script: nothing was started either
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> s = Files.walk(daemonDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
