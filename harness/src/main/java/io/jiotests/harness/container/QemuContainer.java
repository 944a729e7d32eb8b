package io.jiotests.harness.container;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One long-lived reference QEMU container ({@code jiotests/qemu:<version>}, started by
 * Testcontainers, never pulled) with a directory bind-mounted at the same absolute path as on the
 * host, so command lines and outputs need no path translation.
 *
 * <p>Commands go through runner.pl, which runs in the container as its main process and takes
 * requests over two FIFOs in a private control directory (also bind-mounted): a call costs a fork
 * and exec inside the container instead of a {@code docker exec} round trip (measured: ~100 ms per
 * docker exec on this machine, a few ms through the FIFOs). {@link #runViaDockerExec} is the plain
 * exec path, kept for comparison and as a fallback ({@code -Djiotests.container.channel=exec}).
 * The container runs as the host user, so files it writes belong to the same owner.
 */
public final class QemuContainer implements AutoCloseable {
    private static final String RUNNER = "runner.pl";
    private static final Pattern VERSION = Pattern.compile("qemu-img version (\\S+)");

    private final String version;
    private final Path mountRoot;
    private final Path controlDir;
    private final GenericContainer<?> container;
    private final boolean useExec;
    private final AtomicLong ids = new AtomicLong();
    private OutputStream requests;
    private BufferedReader responses;

    /** The image tag for a QEMU major.minor version. */
    public static String imageTag(String version) {
        return "jiotests/qemu:" + version;
    }

    private QemuContainer(String version, Path mountRoot, List<Path> readOnly) throws IOException {
        this.version = version;
        this.mountRoot = mountRoot.toAbsolutePath().normalize();
        this.useExec = "exec".equals(System.getProperty("jiotests.container.channel"));
        this.controlDir = Files.createTempDirectory("jiotests-qemu-" + version + "-");
        try (InputStream in = QemuContainer.class.getResourceAsStream(RUNNER)) {
            if (in == null) {
                throw new IOException(RUNNER + " is missing from the harness jar");
            }
            Files.write(controlDir.resolve(RUNNER), in.readAllBytes());
        }
        String user = hostUser();
        String root = this.mountRoot.toString();
        String ctl = controlDir.toString();
        this.container = new GenericContainer<>(DockerImageName.parse(imageTag(version)))
                .withImagePullPolicy(image -> false)
                .withLabels(Map.of("io.jiotests", "reference-qemu", "io.jiotests.version", version))
                .withCommand("perl", ctl + "/" + RUNNER, "serve", ctl)
                .withStartupTimeout(Duration.ofSeconds(60))
                .withCreateContainerCmdModifier(cmd -> {
                    HostConfig hc = cmd.getHostConfig() == null ? HostConfig.newHostConfig() : cmd.getHostConfig();
                    List<Bind> binds = new ArrayList<>();
                    binds.add(new Bind(root, new Volume(root)));
                    binds.add(new Bind(ctl, new Volume(ctl)));
                    for (Path ro : readOnly) {
                        String p = ro.toAbsolutePath().normalize().toString();
                        binds.add(new Bind(p, new Volume(p), com.github.dockerjava.api.model.AccessMode.ro));
                    }
                    cmd.withHostConfig(hc.withBinds(binds));
                    cmd.withUser(user);
                    cmd.withWorkingDir(root);
                });
    }

    /**
     * Starts a container for {@code version} with {@code mountRoot} shared at the same path (and the
     * {@code readOnly} directories, read-only, at theirs), and waits until its runner listens. Throws
     * {@link IllegalStateException} with the reason on failure.
     */
    public static QemuContainer start(String version, Path mountRoot, List<Path> readOnly) {
        String tag = imageTag(version);
        if (!DockerEngine.hasImage(tag)) {
            throw new IllegalStateException("reference image " + tag + " is missing (run reference-qemu/build.sh)");
        }
        QemuContainer c;
        try {
            Files.createDirectories(mountRoot);
            c = new QemuContainer(version, mountRoot, readOnly);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            c.container.start();
            c.awaitRunner();
            return c;
        } catch (RuntimeException | IOException e) {
            c.close();
            throw new IllegalStateException("cannot start " + tag + ": " + e.getMessage(), e);
        }
    }

    private void awaitRunner() throws IOException {
        Path ready = controlDir.resolve("ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(ready)) {
            if (!container.isRunning()) {
                throw new IOException("the runner exited: " + container.getLogs());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the runner did not start within 30 s: " + container.getLogs());
            }
            sleep(10);
        }
        requests = Files.newOutputStream(controlDir.resolve("req"));
        responses = new BufferedReader(new InputStreamReader(
                Files.newInputStream(controlDir.resolve("resp")), StandardCharsets.US_ASCII));
    }

    /** The QEMU major.minor this container was asked for (its image tag). */
    public String version() {
        return version;
    }

    /** The directory shared with the host at the same path. */
    public Path mountRoot() {
        return mountRoot;
    }

    /** The full version {@code qemu-img --version} reports inside the container, e.g. "10.0.13". */
    public String qemuVersion() {
        ToolOutcome v = run(mountRoot, Duration.ofSeconds(30), false, List.of("qemu-img", "--version"));
        Matcher m = VERSION.matcher(v.result().stdout());
        if (!m.find()) {
            throw new IllegalStateException("unexpected qemu-img --version output: " + v.result().merged());
        }
        return m.group(1);
    }

    /** The Docker container id. */
    public String containerId() {
        return container.getContainerId();
    }

    /** The result of one command, with whether the runner killed it at its timeout. */
    public record ToolOutcome(io.jiotests.harness.api.ToolResult result, boolean timedOut) {
    }

    /**
     * Runs {@code argv} inside the container in directory {@code cwd} (a host path under the mount
     * root, the same inside). The program is killed after {@code timeout}. With {@code merged} the
     * program gets one pipe for stdout and stderr (exactly 2>&1); the text is then in stdout and merged.
     */
    public ToolOutcome run(Path cwd, Duration timeout, boolean merged, List<String> argv) {
        return useExec ? runViaDockerExec(cwd, timeout, merged, argv) : runViaRunner(cwd, timeout, merged, argv);
    }

    private synchronized ToolOutcome runViaRunner(Path cwd, Duration timeout, boolean merged, List<String> argv) {
        long id = ids.incrementAndGet();
        long seconds = Math.max(1, timeout.toSeconds());
        Path req = controlDir.resolve(id + ".req");
        Path res = controlDir.resolve(id + ".res");
        try {
            Files.write(req, RunnerRecord.encodeRequest(cwd.toString(), seconds, merged, argv));
            requests.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
            requests.flush();
            String answer = readAnswer(seconds + 30);
            if (answer == null) {
                throw new IllegalStateException("reference container " + version + " stopped answering: "
                        + (container.isRunning() ? "runner closed its channel" : container.getLogs()));
            }
            if (!answer.equals(Long.toString(id))) {
                throw new IllegalStateException("reference container " + version + " answered request "
                        + answer + " instead of " + id);
            }
            byte[] data = Files.readAllBytes(res);
            Files.delete(res);
            RunnerRecord.Outcome o = RunnerRecord.decodeResponse(data);
            return new ToolOutcome(o.result(), o.timedOut());
        } catch (IOException e) {
            throw new UncheckedIOException("reference container " + version + ": " + e.getMessage(), e);
        }
    }

    /** Reads the runner's answer; a hung runner gets its container stopped, which ends the read. */
    private String readAnswer(long timeoutSeconds) throws IOException {
        Thread watchdog = Thread.ofVirtual().unstarted(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(timeoutSeconds));
                container.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.start();
        try {
            return responses.readLine();
        } finally {
            watchdog.interrupt();
        }
    }

    /** Runs a command with one {@code docker exec} per call (the slower path, ~100 ms per call). */
    public ToolOutcome runViaDockerExec(Path cwd, Duration timeout, boolean merged, List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of("perl", controlDir + "/" + RUNNER, "run", cwd.toString(),
                Long.toString(Math.max(1, timeout.toSeconds())), merged ? "M" : "S"));
        cmd.addAll(argv);
        var docker = container.getDockerClient();
        var exec = docker.execCreateCmd(container.getContainerId()).withCmd(cmd.toArray(String[]::new))
                .withUser(hostUser()).withAttachStdout(true).withAttachStderr(true).exec();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            docker.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    (f.getStreamType() == StreamType.STDERR ? err : out).writeBytes(f.getPayload());
                }
            }).awaitCompletion(timeout.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (err.size() > 0) {
            throw new IllegalStateException("runner failed: " + err.toString(StandardCharsets.UTF_8));
        }
        RunnerRecord.Outcome o = RunnerRecord.decodeResponse(out.toByteArray());
        return new ToolOutcome(o.result(), o.timedOut());
    }

    @Override
    public synchronized void close() {
        stopRunner();
        container.stop();
        deleteTree(controlDir);
    }

    /**
     * At JVM exit: ends the runner (the container's main process, so the container stops) and
     * removes the control directory; Testcontainers' own exit hook removes the container.
     */
    synchronized void closeAtExit() {
        stopRunner();
        deleteTree(controlDir);
    }

    private void stopRunner() {
        try {
            if (requests != null) {
                requests.write("quit\n".getBytes(StandardCharsets.US_ASCII));
                requests.close();
            }
            if (responses != null) {
                responses.close();
            }
        } catch (IOException ignored) {
            // the runner is gone already
        }
        requests = null;
        responses = null;
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static String hostUser() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Object gid = Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            return uid + ":" + gid;
        } catch (IOException | UnsupportedOperationException e) {
            return "0:0";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
