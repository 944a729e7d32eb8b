package io.jiotests.harness.backend;

import io.jiotests.harness.run.RepoLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/jqemu-img and bin/jqemu-io with JQEMU_DAEMON=on, end to end: the client, the daemon JVM and
 * the launchers as a user runs them. A command gives the same output and status as without the
 * daemon; qemu-io reading its standard input still works; a signal or a killed client cancels the command (its
 * image lock is released); the daemon answers status and stop, ends when idle, and hands over to
 * a fresh daemon when the engine it runs from changes. Needs the client built by
 * bin/jqemu-aot-train (cc): without it the tests are not run, with the reason, except under
 * CI=true, where that fails.
 */
class JqemuDaemonTest {
    private static final long TIMEOUT_S = 60;

    @TempDir
    Path work;

    /** The daemon's directory: short, since a socket path has at most 107 bytes. */
    private Path daemonDir;
    private Path bin;

    @BeforeEach
    void setUp() throws IOException {
        Path root = RepoLayout.locate().root();
        bin = root.resolve("bin");
        Path client = root.resolve("engine/target/native/jqemu-client");
        if (!Files.isExecutable(client)) {
            String why = "no daemon client " + client + " (bin/jqemu-aot-train builds it during mvn package when cc is present)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + "; CI=true needs it");
            }
            Assumptions.abort("not run: " + why);
        }
        daemonDir = Files.createTempDirectory(Path.of("/tmp"), "jqdt");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemonDir != null) {
            run(env(true), List.of(bin.resolve("jqemu-daemon").toString(), "stop"));
            waitUntil(() -> daemonPids().isEmpty(), "the daemon to end");
            try (var s = Files.walk(daemonDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Map<String, String> env(boolean daemon) {
        Map<String, String> e = new HashMap<>(System.getenv());
        e.put("JQEMU_DAEMON", daemon ? "on" : "off");
        e.put("JQEMU_DAEMON_DIR", daemonDir.toString());
        e.remove("JDK_JAVA_OPTIONS");
        return e;
    }

    record Result(int exit, String out, String err) {
    }

    private Result run(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        return run(env, cmd, null);
    }

    private Result run(Map<String, String> env, List<String> cmd, String stdin) throws IOException, InterruptedException {
        return run(env, cmd, stdin, work);
    }

    private Result run(Map<String, String> env, List<String> cmd, String stdin, Path cwd)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process p = pb.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private List<String> img(String... args) {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("jqemu-img").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private List<String> io(String... args) {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("jqemu-io").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the daemon (the first call only starts it and runs the command itself) and waits for it. */
    private void startDaemon() throws Exception {
        assertThat(run(env(true), img("--version")).exit()).isZero();
        waitUntil(() -> status() == 0, "the daemon to answer");
    }

    private int status() throws IOException, InterruptedException {
        return run(env(true), List.of(bin.resolve("jqemu-daemon").toString(), "status")).exit();
    }

    private List<Long> daemonPids() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse("").contains(daemonDir + "/"))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse("").contains("ToolDaemon"))
                .map(ProcessHandle::pid).toList();
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitUntil(Condition c, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!c.holds()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void commandsGiveTheSameOutputAndStatusAsWithoutTheDaemon() throws Exception {
        startDaemon();
        // the same commands, relative names, in two directories: one without the daemon, one with it
        Path direct = Files.createDirectory(work.resolve("direct"));
        Path daemon = Files.createDirectory(work.resolve("daemon"));
        List<List<String>> commands = List.of(
                img("create", "-f", "qcow2", "t.qcow2", "64M"),
                io("-c", "write -P 0x5a 0 1M", "-c", "write -z 4M 64k", "t.qcow2"),
                img("info", "t.qcow2"),
                img("info", "--output=json", "t.qcow2"),
                img("map", "--output=json", "t.qcow2"),
                img("check", "t.qcow2"),
                img("convert", "-O", "raw", "t.qcow2", "t.raw"),
                img("compare", "t.qcow2", "t.raw"),
                io("-r", "-c", "read -P 0x5a 0 1M", "-c", "read -v 0 32", "t.raw"),
                img("info", "missing.qcow2"),
                img("create", "-f", "qcow2", "t.qcow2"),
                img("--bogus"),
                img("check", "-r", "all", "-f", "raw", "t.raw"));
        String timing = "\\d+(\\.\\d+)? (sec|msec|usec)|\\([0-9.]+ [KMGT]?i?B/sec and [0-9.]+ ops/sec\\)";
        for (List<String> cmd : commands) {
            Result a = run(env(false), cmd, null, direct);
            Result b = run(env(true), cmd, null, daemon);
            assertThat(b.out().replaceAll(timing, "T")).as("stdout of %s", cmd).isEqualTo(a.out().replaceAll(timing, "T"));
            assertThat(b.err()).as("stderr of %s", cmd).isEqualTo(a.err());
            assertThat(b.exit()).as("status of %s", cmd).isEqualTo(a.exit());
        }
        assertThat(Files.readAllBytes(daemon.resolve("t.raw"))).isEqualTo(Files.readAllBytes(direct.resolve("t.raw")));
        assertThat(daemonPids()).hasSize(1);
    }

    @Test
    /** qemu-io without -c reads its commands from stdin: the client runs it itself, with the same result. */
    void qemuIoReadingStandardInputRunsAsWithoutTheDaemon() throws Exception {
        startDaemon();
        assertThat(run(env(true), img("create", "-f", "qcow2", "s.qcow2", "1M")).exit()).isZero();
        Result r = run(env(true), io("s.qcow2"), "write -P 0x11 0 4k\nread -P 0x11 0 4k\nread -P 0x22 0 4k\n");
        assertThat(r.exit()).as("a failed verification makes qemu-io exit 1").isEqualTo(1);
        assertThat(r.out()).startsWith("qemu-io> wrote 4096/4096 bytes at offset 0")
                .contains("qemu-io> read 4096/4096 bytes at offset 0")
                .contains("Pattern verification failed at offset 0, 4096 bytes")
                .endsWith("qemu-io> ");
    }

    @Test
    void aSignalOrAKilledClientCancelsTheCommand() throws Exception {
        startDaemon();
        assertThat(run(env(true), img("create", "-f", "qcow2", "b.qcow2", "64M")).exit()).isZero();
        for (boolean kill : new boolean[] {false, true}) {
            // a bench of a billion writes holds the image's write lock for hours unless cancelled
            ProcessBuilder pb = new ProcessBuilder(img("bench", "-w", "-c", "1000000000", "-t", "writeback", "b.qcow2"))
                    .directory(work.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env(true));
            Process p = pb.start();
            // running: the image is locked against a writer
            waitUntil(() -> run(env(false), io("-c", "write 0 512", "b.qcow2")).err().contains("lock"), "the bench to run");
            assertThat(p.isAlive()).isTrue();
            if (kill) {
                p.destroyForcibly(); // SIGKILL: the daemon sees the client's socket close
            } else {
                p.destroy(); // SIGTERM: the client tells the daemon, waits, and dies of it
            }
            assertThat(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(kill ? 137 : 143);
            waitUntil(() -> run(env(false), io("-c", "write 0 512", "b.qcow2")).exit() == 0, "the lock to be released");
            assertThat(run(env(false), img("check", "b.qcow2")).exit()).isZero();
        }
        // and the daemon goes on serving
        assertThat(run(env(true), img("info", "b.qcow2")).out()).contains("file format: qcow2");
        assertThat(daemonPids()).hasSize(1);
    }

    @Test
    void statusStopAndIdleEnd() throws Exception {
        assertThat(status()).isEqualTo(1);
        startDaemon();
        assertThat(daemonPids()).hasSize(1);
        Result stop = run(env(true), List.of(bin.resolve("jqemu-daemon").toString(), "stop"));
        assertThat(stop.exit()).isZero();
        waitUntil(() -> daemonPids().isEmpty(), "the daemon to end on stop");
        assertThat(status()).isEqualTo(1);
        // a command with no daemon listening still runs (and starts one)
        assertThat(run(env(true), img("--version")).out()).startsWith("qemu-img version");
        waitUntil(() -> status() == 0, "the daemon to start again");
        run(env(true), List.of(bin.resolve("jqemu-daemon").toString(), "stop"));
        waitUntil(() -> daemonPids().isEmpty(), "the daemon to end");

        Map<String, String> idle = env(true);
        idle.put("JQEMU_DAEMON_IDLE", "1");
        assertThat(run(idle, img("--version")).exit()).isZero();
        waitUntil(() -> !daemonPids().isEmpty(), "the idle daemon to start");
        waitUntil(() -> daemonPids().isEmpty(), "the idle daemon to end by itself");
        assertThat(Files.readString(daemonDir.resolve("daemon.log"))).contains("idle for 1 s");
    }

    @Test
    void aChangedEngineHandsOverToAFreshDaemon() throws Exception {
        // a daemon that watches a file of this test's instead of the engine jar (bin/jqemu-daemon
        // watches the jar, which other tests use meanwhile)
        Path root = bin.getParent();
        Path watched = Files.writeString(work.resolve("engine.stamp"), "1");
        String jar;
        try (var s = Files.list(root.resolve("engine/target"))) {
            jar = s.map(Path::toString).filter(n -> n.matches(".*/engine-[^/]*\\.jar") && !n.endsWith("-tests.jar"))
                    .findFirst().orElseThrow();
        }
        startDaemon(); // learns the socket path the client uses
        Path socket;
        try (var s = Files.list(daemonDir)) {
            socket = s.filter(p -> p.toString().endsWith(".sock")).findFirst().orElseThrow();
        }
        run(env(true), List.of(bin.resolve("jqemu-daemon").toString(), "stop"));
        waitUntil(() -> daemonPids().isEmpty(), "the daemon to end");
        List<String> serve = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djiotests.drivers=builtin",
                "-Djiotests.posix.jni=" + root.resolve("engine/target/native/libjqemusyscall.so"),
                "-Djiotests.daemon.watch=" + watched, "-Djiotests.daemon.warmUpRounds=0",
                "-cp", jar + ":" + root.resolve("engine/target/lib/*"),
                "io.jiotests.engine.tools.daemon.ToolDaemon", socket.toString());
        Process first = new ProcessBuilder(serve).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(daemonDir.resolve("first.log").toFile())).start();
        try {
            waitUntil(() -> status() == 0, "the test's daemon to answer");
            assertThat(run(env(true), img("--version")).exit()).isZero();
            Files.setLastModifiedTime(watched, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            // the stale daemon answers "run it yourself": the command still runs, and a fresh daemon starts
            Result r = run(env(true), img("create", "-f", "raw", "h.raw", "1M"));
            assertThat(r.exit()).isZero();
            assertThat(r.out()).startsWith("Formatting 'h.raw', fmt=raw size=1048576");
            assertThat(first.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).as("the stale daemon ended").isTrue();
            assertThat(Files.readString(daemonDir.resolve("first.log"))).contains("engine.stamp changed: ending");
            waitUntil(() -> status() == 0, "the fresh daemon to answer");
        } finally {
            first.destroyForcibly();
        }
    }
}
