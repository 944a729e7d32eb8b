package io.jiotests.harness.container;

import io.jiotests.harness.api.ToolResult;
import io.jiotests.harness.backend.Backend;
import io.jiotests.harness.backend.ProcessRunner;
import io.jiotests.harness.backend.ReferenceFlake;
import io.jiotests.harness.backend.RunEnvironment;
import io.jiotests.harness.backend.StreamMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The backend {@code qemu-container:<version>}: the reference qemu-img / qemu-io / qemu-nbd of
 * {@code jiotests/qemu:<version>} (see reference-qemu/), run in one long-lived container per run that
 * shares the run's work root at the same path (and the repository read-only), so outputs need no
 * extra filtering. Without a Docker engine it is unavailable ("no Docker engine"), except under
 * CI=true where every call fails with that reason instead of the tests being skipped.
 */
public final class QemuContainerBackend implements Backend {
    /** The --impl prefix. */
    public static final String PREFIX = "qemu-container:";
    private static final Set<String> PROGRAMS = Set.of("qemu-img", "qemu-io", "qemu-nbd");

    private final String name;
    private final String version;
    private final RunEnvironment env;
    private volatile Optional<String> problem;
    private volatile QemuContainer container;

    public QemuContainerBackend(String name, RunEnvironment env) {
        if (!name.startsWith(PREFIX) || !name.substring(PREFIX.length()).matches("[0-9]+\\.[0-9]+")) {
            throw new IllegalArgumentException("bad implementation '" + name + "': expected " + PREFIX
                    + "MAJOR.MINOR, e.g. " + PREFIX + "10.0");
        }
        this.name = name;
        this.version = name.substring(PREFIX.length());
        this.env = env;
    }

    public String version() {
        return version;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isReference() {
        return true;
    }

    /** Why the container cannot run, if it cannot (checked once). */
    private Optional<String> problem() {
        Optional<String> p = problem;
        if (p == null) {
            synchronized (this) {
                if (problem == null) {
                    problem = DockerEngine.unavailableReason().or(() -> DockerEngine.hasImage(QemuContainer.imageTag(version))
                            ? Optional.empty()
                            : Optional.of("image " + QemuContainer.imageTag(version)
                                    + " is missing (run reference-qemu/build.sh)"));
                }
                p = problem;
            }
        }
        return p;
    }

    @Override
    public Optional<String> unavailableReason() {
        // Under CI a missing engine must fail the tests, so the backend claims to be available and
        // every call reports the reason as a failure.
        return DockerEngine.underCi() ? Optional.empty() : problem();
    }

    @Override
    public ToolResult run(String program, List<String> args, Path cwd, StreamMode mode, Duration timeout) {
        Optional<String> p = problem();
        if (p.isPresent()) {
            String msg = "jiotests: " + name + " cannot run (CI=true): " + p.get() + "\n";
            return new ToolResult(ProcessRunner.NOT_FOUND_EXIT, "", msg, msg);
        }
        if (!PROGRAMS.contains(program)) {
            String msg = "jiotests: backend " + name + " has no program " + program + "\n";
            return new ToolResult(ProcessRunner.NOT_FOUND_EXIT, "", msg, msg);
        }
        QemuContainer c;
        try {
            c = container();
        } catch (RuntimeException e) {
            problem = Optional.of(e.getMessage());
            String msg = "jiotests: " + name + ": " + e.getMessage() + "\n";
            return new ToolResult(ProcessRunner.NOT_FOUND_EXIT, "", msg, msg);
        }
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(program);
        argv.addAll(args);
        QemuContainer.ToolOutcome[] last = new QemuContainer.ToolOutcome[1];
        ToolResult r = ReferenceFlake.retrying(program, () -> {
            last[0] = c.run(cwd, timeout, mode == StreamMode.MERGED, argv);
            return last[0].result();
        });
        if (!last[0].timedOut()) {
            return r;
        }
        String note = "jiotests: " + program + " killed after the timeout of " + timeout.toSeconds() + " s\n";
        return mode == StreamMode.MERGED
                ? new ToolResult(ProcessRunner.TIMEOUT_EXIT, r.stdout() + note, "", r.merged() + note)
                : new ToolResult(ProcessRunner.TIMEOUT_EXIT, r.stdout(), r.stderr() + note, r.merged() + note);
    }

    private QemuContainer container() {
        QemuContainer c = container;
        if (c == null) {
            synchronized (this) {
                if (container == null) {
                    Path root = env.workRoot().toAbsolutePath().normalize();
                    List<Path> readOnly = new ArrayList<>();
                    Path repo = env.repoRoot() == null ? null : env.repoRoot().toAbsolutePath().normalize();
                    if (repo != null && Files.isDirectory(repo) && !root.startsWith(repo) && !repo.startsWith(root)) {
                        readOnly.add(repo);
                    }
                    container = QemuContainers.get(version, root, readOnly);
                }
                c = container;
            }
        }
        return c;
    }

    /** The full QEMU version inside the container, e.g. "10.0.13" (starts the container). */
    public String qemuVersion() {
        return container().qemuVersion();
    }

    @Override
    public void close() {
        // Containers are shared per JVM and version and stopped at exit (QemuContainers).
    }
}
