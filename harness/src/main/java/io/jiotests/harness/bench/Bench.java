package io.jiotests.harness.bench;

import io.jiotests.harness.backend.ProcessRunner;
import io.jiotests.harness.bench.Workloads.Workload;
import io.jiotests.harness.run.RepoLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * bench/run: each workload with qemu-img and with jqemu-img in the same run, alternating which
 * goes first, N times each; prints the median wall time of each side and the ratio java / qemu,
 * and writes bench.json (for the report) and bench.md. Never a pass/fail timing assertion.
 */
public final class Bench {

    /** Both sides run convert with qemu-img's default cache mode (an unflushed target, "unsafe"). */
    static final String CACHE_NOTE = "convert: default cache mode on both sides (qemu-img: unsafe, target not flushed); "
            + "bench: -t as named";

    private Bench() {
    }

    public static void main(String[] args) {
        int rc = run(args, System.out, System.err, System.getenv(), RepoLayout.locate());
        System.out.flush();
        System.exit(rc);
    }

    /** The sides and workloads of one benchmark run. */
    record Plan(Side qemu, Side java, Side javaProcess, Side checkQemu, Side checkJava, List<Workload> workloads) {
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, RepoLayout repo) {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.print(BenchOptions.USAGE);
            return 2;
        }
        if (o.help) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        Optional<Path> qemuImg = ProcessRunner.findExecutable(env.getOrDefault("QEMU_IMG_PROG", "qemu-img"), env);
        Optional<Path> qemuIo = ProcessRunner.findExecutable(env.getOrDefault("QEMU_IO_PROG", "qemu-io"), env);
        if (qemuImg.isEmpty() || qemuIo.isEmpty()) {
            err.println("bench: the reference qemu-img and qemu-io are needed (apt-get install qemu-utils)");
            return 2;
        }
        Inputs.Sizes sizes = o.quick ? Inputs.Sizes.QUICK : Inputs.Sizes.FULL;
        Path work = o.work != null ? o.work.toAbsolutePath()
                : Path.of(System.getProperty("java.io.tmpdir"), "jiotests-bench-" + (o.quick ? "quick" : "full"));
        Path outDir = o.out != null ? o.out.toAbsolutePath() : repo.reports().resolve("bench");
        Plan plan = plan(o, env, repo, qemuImg.get(), Workloads.select(Workloads.all(sizes), o.only));
        if (plan.workloads().isEmpty()) {
            err.println("bench: no workload matches " + o.only);
            return 2;
        }
        try {
            Inputs.prepare(work, sizes, qemuImg.get(), qemuIo.get(), out);
            if (plan.java() instanceof Side.Daemon d) {
                d.start(work);
            }
            Machine machine = Machine.describe(qemuImg.get());
            out.println("bench: " + machine.summary());
            out.println("bench: qemu = " + plan.qemu().description() + "; java = " + plan.java().description());
            out.printf(Locale.ROOT, "%-44s %10s %10s %7s  %s%n", "workload (median of " + o.runs + ")", "qemu s",
                    "java s", "ratio", "notes");
            Map<Workload, Stats[]> results = new LinkedHashMap<>();
            for (Workload w : plan.workloads()) {
                Stats[] st = measure(plan, w, o.runs, w.program().equals("check") ? 0 : o.warmup, work);
                results.put(w, st);
                out.println(BenchReport.line(w, st[0], st[1]));
            }
            Files.createDirectories(outDir);
            Path json = outDir.resolve("bench.json");
            Files.writeString(json, BenchReport.json(results, machine, plan, o, sizes));
            Files.writeString(outDir.resolve("bench.md"), BenchReport.markdown(results, machine, plan, o));
            out.println("bench: wrote " + json + " and bench.md");
            return 0;
        } catch (IOException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bench: interrupted");
            return 2;
        } finally {
            if (plan.java() instanceof Side.Daemon d) {
                d.stop();
            }
        }
    }

    static Plan plan(BenchOptions o, Map<String, String> env, RepoLayout repo, Path qemuImg, List<Workload> workloads) {
        Path check = repo.root().resolve("check");
        Path launcher = repo.root().resolve("bin").resolve("jqemu-img");
        Map<String, String> javaEnv = new LinkedHashMap<>();
        // the memory target: the Java side runs in a fixed heap
        javaEnv.put("JDK_JAVA_OPTIONS", "-Xmx256m");
        Side qemu = new Side.Subprocess("qemu", "qemu-img subprocess (" + qemuImg + ")", Map.of("qemu-img", qemuImg),
                Map.of(), 600);
        Side javaProcess = new Side.Subprocess("java", "bin/jqemu-img subprocess, -Xmx256m",
                Files.isExecutable(launcher) ? Map.of("qemu-img", launcher) : Map.of(), javaEnv, 600);
        Side java = javaProcess;
        if (o.java.equals("daemon") && Files.isExecutable(launcher)) {
            Map<String, String> daemonEnv = new LinkedHashMap<>(javaEnv);
            daemonEnv.put("JQEMU_DAEMON", "on");
            daemonEnv.put("JQEMU_DAEMON_DIR", Path.of(System.getProperty("java.io.tmpdir"), "jiotests-bench-daemon-"
                    + ProcessHandle.current().pid()).toString());
            java = new Side.Daemon(new Side.Subprocess("java", "bin/jqemu-img with JQEMU_DAEMON=on (client and a warm"
                    + " daemon JVM, CPU of both), -Xmx256m", Map.of("qemu-img", launcher), daemonEnv, 600),
                    repo.root().resolve("bin"));
            javaProcess = java;
        }
        if (o.java.equals("inprocess") || (o.java.equals("auto") && !Files.isExecutable(launcher))) {
            Optional<Side.InProcess> ip = Side.InProcess.load();
            java = ip.isPresent() ? ip.get() : new Side.Subprocess("java", "engine in-process: no Tool registered",
                    Map.of(), Map.of(), 600);
        }
        Side checkQemu = new Side.Subprocess("qemu", "./check --impl qemu", Map.of("check", check), Map.of(), 1800);
        Side checkJava = new Side.Subprocess("java", "./check --impl java", Map.of("check", check), Map.of(), 1800);
        return new Plan(qemu, java, javaProcess, checkQemu, checkJava, workloads);
    }

    /**
     * Runs one workload {@code warmup} times per side unmeasured, then {@code runs} times per side,
     * alternating the order; [0] = qemu, [1] = java.
     */
    static Stats[] measure(Plan plan, Workload w, int runs, int warmup, Path work) throws IOException, InterruptedException {
        Side q = w.program().equals("check") ? plan.checkQemu() : plan.qemu();
        Side j = w.program().equals("check") ? plan.checkJava() : w.processOnly() ? plan.javaProcess() : plan.java();
        Stats[] st = {new Stats(), new Stats()};
        Side[] sides = {q, j};
        for (int i = -warmup; i < runs; i++) {
            for (int k = 0; k < 2; k++) {
                int s = (i % 2 == 0) ? k : 1 - k;
                if (!st[s].failure().isEmpty()) {
                    continue;
                }
                for (String f : w.outputs()) {
                    Files.deleteIfExists(work.resolve(f));
                }
                List<String> args = new ArrayList<>();
                for (String a : w.args()) {
                    args.add(a.replace("{impl}", sides[s].name()).replace("{work}", work.toString()));
                }
                Side.Run r = sides[s].time(w.program(), args, work);
                // ./check exits 1 when outcomes are unexpected: the suite still ran through
                boolean ran = r.ok() || (w.program().equals("check") && r.exitCode() == 1);
                if (ran && i < 0) {
                    continue; // warm-up
                }
                if (ran) {
                    st[s].add(r.nanos(), r.cpuNanos(), r.reportedNanos());
                } else {
                    st[s].fail("exit " + r.exitCode() + (r.errorHead().isEmpty() ? "" : ": " + r.errorHead()));
                }
            }
        }
        for (String f : w.outputs()) {
            Files.deleteIfExists(work.resolve(f));
        }
        return st;
    }
}
