package io.jiotests.harness.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of bench/run. */
public final class BenchOptions {

    public static final String USAGE = """
            Usage: bench/run [options]
              --quick          small inputs (64 MiB image, 8 MiB compressible data, 256 extents): a smoke run
              --runs N         runs per side and workload, alternating qemu and java (default 5)
              --warmup N       unmeasured runs per side before the measured ones (default 0; not for
                               ./check -g quick): the steady state of a warm JVM (--java daemon)
              --only TEXT      only workloads whose name contains TEXT (repeatable), e.g. --only convert
              --java MODE      cli (bin/jqemu-img subprocess), inprocess (the engine's Tool in this JVM),
                               daemon (bin/jqemu-img with JQEMU_DAEMON=on: its client and a warm daemon
                               JVM, started before the first workload; CPU counts both),
                               or auto (cli when bin/jqemu-img exists, default)
              --work DIR       where inputs are generated and kept for reruns
                               (default /tmp/jiotests-bench-full or -quick)
              --out DIR        where bench.json and bench.md go (default reports/bench)
              -h, --help       this text
            """;

    public boolean quick;
    public int runs = 5;
    public int warmup;
    public final List<String> only = new ArrayList<>();
    public String java = "auto";
    public Path work;
    public Path out;
    public boolean help;

    public static BenchOptions parse(String[] args) {
        BenchOptions o = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> o.quick = true;
                case "--runs" -> o.runs = number(args, ++i, a, 1, 1000);
                case "--warmup" -> o.warmup = number(args, ++i, a, 0, 1000);
                case "--only" -> o.only.add(value(args, ++i, a));
                case "--java" -> {
                    o.java = value(args, ++i, a);
                    if (!List.of("auto", "cli", "inprocess", "daemon").contains(o.java)) {
                        throw new IllegalArgumentException("--java takes auto, cli, inprocess or daemon");
                    }
                }
                case "--work" -> o.work = Path.of(value(args, ++i, a));
                case "--out" -> o.out = Path.of(value(args, ++i, a));
                case "-h", "--help" -> o.help = true;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return o;
    }

    private static int number(String[] args, int i, String opt, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value(args, i, opt));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " takes a number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(opt + " must be " + min + ".." + max);
        }
        return n;
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args[i];
    }
}
