package io.jiotests.harness.bench;

import io.jiotests.harness.api.ToolResult;
import io.jiotests.harness.backend.DaemonControl;
import io.jiotests.harness.backend.JavaBackend;
import io.jiotests.harness.backend.StreamMode;
import io.jiotests.harness.run.RepoLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * bench/startup: what an {@code info} of a small qcow2 image costs, the figure behind issue 9's
 * start-up targets (launcher <= 40 ms wall, in-process < 1 ms).
 * <ul>
 *   <li>process start: {@code qemu-img info}, {@code bin/jqemu-img info}, {@code java -version}
 *       with the launchers' JVM flags (the floor of any JVM start) and {@code bin/jqemu-img info}
 *       with JQEMU_DAEMON=on (a daemon of its own, started and warmed up first, stopped after), run
 *       alternately, wall time of each run from spawn to exit, median / min / max of N;</li>
 *   <li>in process: {@link JavaBackend#run} (the harness's own path: a virtual thread, recorded
 *       streams) of {@code qemu-img info} after a warm-up, each call timed, median / p90 / p99.</li>
 * </ul>
 * The load average is printed before and after: on a shared machine the process figures grow with
 * it. This is a measurement tool, not a test: it asserts nothing.
 */
public final class StartupTiming {
    private StartupTiming() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 20;
        int calls = 2000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: bench/startup [--runs N] [--calls M]");
                    System.exit(2);
                }
            }
        }
        System.exit(run(RepoLayout.locate().root(), runs, calls, System.out));
    }

    static int run(Path root, int runs, int calls, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("jiotests-startup");
        try {
            Path image = dir.resolve("small.qcow2");
            JavaBackend engine = new JavaBackend();
            ToolResult created = engine.run("qemu-img", List.of("create", "-q", "-f", "qcow2", image.toString(), "64M"),
                    dir, StreamMode.SEPARATE, Duration.ofMinutes(1));
            if (created.exitCode() != 0) {
                out.println("cannot create the test image: " + created.merged());
                return 1;
            }
            out.println("load average before: " + loadAverage());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Map<String, String> daemonEnv = Map.of("JQEMU_DAEMON", "on", "JQEMU_DAEMON_DIR", dir.resolve("d").toString());
            List<String> jqemuInfo = List.of(root.resolve("bin/jqemu-img").toString(), "info", image.toString());
            List<Command> commands = new ArrayList<>(List.of(
                    new Command("qemu-img info", List.of("qemu-img", "info", image.toString()), Map.of()),
                    new Command("bin/jqemu-img info", jqemuInfo, Map.of("JQEMU_DAEMON", "off")),
                    new Command("java -version (launcher flags)", List.of(java, "-XX:TieredStopAtLevel=1",
                            "-XX:+UseSerialGC", "-XX:-UsePerfData", "-version"), Map.of())));
            Path bin = root.resolve("bin");
            if (Files.isExecutable(root.resolve("engine/target/native/jqemu-client"))) {
                timeProcess(jqemuInfo, dir, daemonEnv); // starts the daemon
                // up, and done with its warm-up (a few seconds of the training command lines)
                DaemonControl.awaitWarm(bin, daemonEnv, Duration.ofSeconds(60));
                commands.add(new Command("bin/jqemu-img info (JQEMU_DAEMON=on)", jqemuInfo, daemonEnv));
            } else {
                out.println("not run: bin/jqemu-img with JQEMU_DAEMON=on (no engine/target/native/jqemu-client; needs cc)");
            }
            long[][] wall = new long[commands.size()][runs];
            for (int r = 0; r < runs; r++) {
                for (int c = 0; c < commands.size(); c++) {
                    wall[c][r] = timeProcess(commands.get(c).argv(), dir, commands.get(c).env());
                }
            }
            out.printf("process start, wall ms over %d alternating runs:%n", runs);
            for (int c = 0; c < commands.size(); c++) {
                long[] w = wall[c];
                Arrays.sort(w);
                out.printf("  %-38s median %6.1f  min %6.1f  max %6.1f%n", commands.get(c).label(),
                        ms(w[w.length / 2]), ms(w[0]), ms(w[w.length - 1]));
            }
            out.println("load average after: " + loadAverage());
            if (commands.size() > 3) {
                DaemonControl.run(bin, daemonEnv, "stop");
            }

            List<String> info = List.of("info", image.toString());
            for (int i = 0; i < calls; i++) {
                engine.run("qemu-img", info, dir, StreamMode.MERGED, Duration.ofMinutes(1));
            }
            long[] t = new long[calls];
            for (int i = 0; i < calls; i++) {
                long s = System.nanoTime();
                ToolResult r = engine.run("qemu-img", info, dir, StreamMode.MERGED, Duration.ofMinutes(1));
                t[i] = System.nanoTime() - s;
                if (r.exitCode() != 0) {
                    out.println("in-process info failed: " + r.merged());
                    return 1;
                }
            }
            Arrays.sort(t);
            out.printf("in-process JavaBackend qemu-img info, us over %d calls after %d warm-up calls:%n", calls, calls);
            out.printf("  median %.1f  p90 %.1f  p99 %.1f  min %.1f%n", us(t[calls / 2]), us(t[calls * 9 / 10]),
                    us(t[calls * 99 / 100]), us(t[0]));
            return 0;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Command(String label, List<String> argv, Map<String, String> env) {
    }

    /** Wall nanoseconds from start to exit of a process with its output discarded. */
    private static long timeProcess(List<String> argv, Path cwd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(argv)).directory(cwd.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        long s = System.nanoTime();
        Process p = pb.start();
        p.waitFor();
        return System.nanoTime() - s;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }

    private static double us(long ns) {
        return ns / 1e3;
    }
}
