package io.jiotests.harness.bench;

import io.jiotests.engine.tools.Tool;
import io.jiotests.engine.tools.ToolContext;
import io.jiotests.harness.backend.DaemonControl;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * One side of the benchmark: the reference qemu-img, or jqemu-img (launcher subprocess or the
 * engine in-process). {@link #time} runs one command and returns its wall time.
 */
public sealed interface Side {

    /** "qemu" or "java". */
    String name();

    /** How it runs, for the report ("qemu-img 7.2.22 subprocess", "bin/jqemu-img subprocess", ...). */
    String description();

    /** Runs {@code program args} in {@code cwd}; the outcome carries wall time, exit code and stderr head. */
    Run time(String program, List<String> args, Path cwd) throws IOException, InterruptedException;

    /**
     * One timed command: wall time, CPU time (user + system, -1 if unknown), exit code, first stderr
     * line, and the run time the tool itself reported (qemu-img bench's "Run completed in N
     * seconds.": its requests alone, without process start and image open; -1 when it printed none).
     */
    record Run(long nanos, long cpuNanos, int exitCode, String errorHead, long reportedNanos) {
        Run(long nanos, long cpuNanos, int exitCode, String errorHead) {
            this(nanos, cpuNanos, exitCode, errorHead, -1);
        }

        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** The seconds of the last "Run completed in N seconds." line of qemu-img bench's output, in ns; -1 if none. */
    static long reportedRunNanos(String stdout) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^Run completed in ([0-9]+(?:\\.[0-9]+)?) seconds\\.$")
                .matcher(stdout);
        long nanos = -1;
        while (m.find()) {
            nanos = Math.round(Double.parseDouble(m.group(1)) * 1e9);
        }
        return nanos;
    }

    /**
     * CPU time (user + system) of this process' reaped children, from /proc/self/stat (cutime, cstime;
     * clock ticks of 10 ms); -1 where /proc is not available.
     */
    static long childrenCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": field 3 (state) is f[0]; cutime is field 16, cstime field 17
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time of this JVM (every thread: the tool, JIT and GC), -1 if unknown. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** A program run as a subprocess (qemu-img, bin/jqemu-img, ./check); stdout read for the reported run time, stderr kept. */
    record Subprocess(String name, String description, Map<String, Path> programs, Map<String, String> env,
                      long timeoutSeconds) implements Side {
        @Override
        public Run time(String program, List<String> args, Path cwd) throws IOException, InterruptedException {
            Path exe = programs.get(program);
            if (exe == null) {
                return new Run(0, -1, 127, name + " has no " + program);
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(exe.toString());
            cmd.addAll(args);
            Path out = Files.createTempFile(cwd, "stdout", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile());
            Path err = Files.createTempFile(cwd, "stderr", ".txt");
            pb.redirectError(err.toFile());
            pb.environment().putAll(env);
            long c0 = childrenCpuNanos();
            long t0 = System.nanoTime();
            Process p = pb.start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            long t = System.nanoTime() - t0;
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            long c1 = childrenCpuNanos();
            long cpu = c0 < 0 || c1 < 0 ? -1 : c1 - c0;
            String head = head(Files.readString(err, StandardCharsets.UTF_8));
            // bench's output is a few lines; the others' (map of 2048 extents) stay below a MiB
            long reported = program.equals("qemu-img") && args.contains("bench")
                    ? reportedRunNanos(Files.readString(out, StandardCharsets.UTF_8)) : -1;
            Files.deleteIfExists(err);
            Files.deleteIfExists(out);
            return done ? new Run(t, cpu, p.exitValue(), head, reported)
                    : new Run(t, -1, 124, "killed after " + timeoutSeconds + " s");
        }
    }

    /**
     * bin/jqemu-img with JQEMU_DAEMON=on: each command's client process, and the daemon JVM that
     * runs it. The CPU of a run is the client's plus what the daemon spent meanwhile (its
     * /proc/PID/stat: every thread of it, compilers and collector included).
     */
    record Daemon(Subprocess client, Path binDir) implements Side {
        @Override
        public String name() {
            return client.name();
        }

        @Override
        public String description() {
            return client.description();
        }

        /**
         * Starts the daemon (a --version through the client) and waits until it answers and has
         * finished its own warm-up (its daemon.log says so), which would otherwise compete with
         * the first workloads for the CPU.
         */
        void start(Path cwd) throws IOException, InterruptedException {
            client.time("qemu-img", List.of("--version"), cwd);
            if (!DaemonControl.awaitWarm(binDir, client.env(), java.time.Duration.ofSeconds(60))) {
                throw new IOException("the jqemu-img daemon did not start (JQEMU_DAEMON_DIR="
                        + client.env().get("JQEMU_DAEMON_DIR") + ", see daemon.log there)");
            }
        }

        void stop() {
            try {
                DaemonControl.run(binDir, client.env(), "stop");
            } catch (IOException e) {
                // nothing to stop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Run time(String program, List<String> args, Path cwd) throws IOException, InterruptedException {
            long d0 = daemonCpuNanos();
            Run r = client.time(program, args, cwd);
            long d1 = daemonCpuNanos();
            long cpu = r.cpuNanos() < 0 || d0 < 0 || d1 < 0 ? -1 : r.cpuNanos() + d1 - d0;
            return new Run(r.nanos(), cpu, r.exitCode(), r.errorHead(), r.reportedNanos());
        }

        /** User + system time of the daemon serving this side's socket directory; -1 if not found. */
        private long daemonCpuNanos() {
            String dir = client.env().get("JQEMU_DAEMON_DIR");
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(q -> q.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                    String cmd;
                    try {
                        cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    } catch (IOException gone) {
                        continue;
                    }
                    if (cmd.contains("ToolDaemon") && cmd.contains(dir + "/")) {
                        String stat = Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }

    /** The engine's tools called in this JVM (what the harness' java backend does). */
    record InProcess(String name, Map<String, Tool> tools) implements Side {

        public static Optional<InProcess> load() {
            Map<String, Tool> tools = new java.util.HashMap<>();
            for (Tool t : ServiceLoader.load(Tool.class, InProcess.class.getClassLoader())) {
                tools.putIfAbsent(t.qemuName(), t);
            }
            return tools.isEmpty() ? Optional.empty() : Optional.of(new InProcess("java", Map.copyOf(tools)));
        }

        @Override
        public String description() {
            return "engine in-process (" + String.join(", ", tools.keySet().stream().sorted().toList()) + ")";
        }

        @Override
        public Run time(String program, List<String> args, Path cwd) {
            Tool tool = tools.get(program);
            if (tool == null) {
                return new Run(0, -1, 127, "engine has no Tool for " + program);
            }
            var errBuf = new java.io.ByteArrayOutputStream();
            var outBuf = new java.io.ByteArrayOutputStream();
            boolean bench = program.equals("qemu-img") && args.contains("bench");
            PrintStream out = new PrintStream(bench ? outBuf : OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(errBuf, true, StandardCharsets.UTF_8);
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            int rc;
            try {
                rc = tool.run(new ToolContext(out, err, cwd, System.getenv()), args.toArray(String[]::new));
                out.flush();
            } catch (RuntimeException | Error e) {
                return new Run(System.nanoTime() - t0, -1, 1, "threw " + e);
            }
            long t = System.nanoTime() - t0;
            long c1 = processCpuNanos();
            return new Run(t, c0 < 0 || c1 < 0 ? -1 : c1 - c0, rc, head(errBuf.toString(StandardCharsets.UTF_8)),
                    bench ? reportedRunNanos(outBuf.toString(StandardCharsets.UTF_8)) : -1);
        }
    }

    private static String head(String s) {
        String first = s.strip().lines().findFirst().orElse("");
        return first.length() > 200 ? first.substring(0, 200) : first;
    }
}
