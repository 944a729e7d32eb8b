package io.jiotests.engine.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workloads the launchers' JDK AOT caches are trained on (run by bin/jqemu-aot-train with
 * -XX:AOTCacheOutput): jqemu-img and jqemu-io command lines on small raw and qcow2 images, each
 * through {@link Main#runTool} (the launcher's own path: standard streams, background libc
 * binding), so that the classes, lambdas and string concatenations a real run uses are loaded and
 * linked in the cache. Error paths are included (a missing file, a bad option) because qemu-img's
 * error output is a common result too. Output goes wherever the trainer sends its standard
 * streams (bin/jqemu-aot-train: /dev/null).
 *
 * <p>Two caches, because a JDK 25 AOT cache with linked classes loads every class it holds when
 * the JVM starts, whether the run uses it or not (~10 us of CPU each): {@code Main --aot-training
 * [DIR]} trains the cache of all commands (~2 100 classes) on images it makes in DIR (kept) or in
 * a temporary directory (removed); {@code Main --aot-training-start DIR} trains the start-up
 * cache of the short metadata commands (info, check, map, --version, --help; ~1 100 classes) on
 * the images the first training left in DIR, so that it holds no create, write or convert code.
 */
public final class AotTraining {
    private AotTraining() {
    }

    /**
     * The training of the cache of all commands: in {@code keep} (left in place for
     * {@link #runStart}) or, when null, in a temporary directory removed afterwards.
     */
    static int run(Path keep) {
        Path dir = keep;
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("jqemu-aot");
            } catch (IOException e) {
                System.err.println("cannot create a training directory: " + e.getMessage());
                return 1;
            }
        }
        try {
            return runAll(runs(dir));
        } finally {
            if (keep == null) {
                deleteTree(dir);
            }
        }
    }

    /**
     * The same command lines run {@code rounds} times in a temporary directory, output discarded:
     * the tool daemon's warm-up, so that the compilers have seen the common paths before its first
     * client does. The directory is removed afterwards.
     */
    public static void warmUp(int rounds) throws IOException {
        Path dir = Files.createTempDirectory("jqemu-warm-up");
        java.io.PrintStream none = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        try {
            for (int i = 0; i < rounds; i++) {
                for (Run run : runs(dir)) {
                    runQuietly(run.argv(), dir, none);
                }
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            if (rounds > 0) {
                ExtentWarmUp extents = extentCommands(dir);
                for (List<String> argv : extents.setup()) {
                    runQuietly(argv, dir, none);
                }
                for (int i = 0; i < EXTENT_ROUNDS; i++) {
                    for (List<String> argv : extents.repeated()) {
                        runQuietly(argv, dir, none);
                    }
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** How often the warm-up runs map, check and info over the image of many extents. */
    private static final int EXTENT_ROUNDS = 12;
    /** Data clusters of that image, each between two holes. */
    private static final int EXTENT_CLUSTERS = 1024;

    private static void runQuietly(List<String> argv, Path dir, java.io.PrintStream none) {
        Tool tool = Main.find(argv.get(0));
        ToolContext ctx = new ToolContext(none, none, dir, System.getenv(), java.io.InputStream.nullInputStream());
        tool.run(ctx, argv.subList(1, argv.size()).toArray(new String[0]));
    }

    /** The command lines that make the image of many extents, and those run over it repeatedly. */
    record ExtentWarmUp(List<List<String>> setup, List<List<String>> repeated) {
    }

    /**
     * The warm-up's image of many extents (create, then one qemu-io writing every other 64 KiB
     * cluster), then map, check and info over it: on a large image those commands spend their time
     * in per-extent loops that the small training images run a few times only, so that a daemon's
     * first such command would run them in the interpreter.
     */
    static ExtentWarmUp extentCommands(Path dir) {
        String img = dir.resolve("extents.qcow2").toString();
        List<String> io = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
        for (int i = 0; i < EXTENT_CLUSTERS; i++) {
            io.add("-c");
            io.add("write -P " + (i & 0xff) + " " + (i * 2L * 65536) + " 4k");
        }
        io.add(img);
        return new ExtentWarmUp(List.of(
                List.of("qemu-img", "create", "-f", "qcow2", img, (EXTENT_CLUSTERS * 2L * 65536) + ""),
                List.copyOf(io)), List.of(
                List.of("qemu-img", "map", "--output=json", "-f", "qcow2", img),
                List.of("qemu-img", "map", "-f", "qcow2", img),
                List.of("qemu-img", "check", "-f", "qcow2", img),
                List.of("qemu-img", "info", "-f", "qcow2", img)));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    /** The training of the start-up cache, on the images {@link #run} left in {@code dir}. */
    static int runStart(Path dir) {
        if (!Files.isRegularFile(dir.resolve("t.qcow2"))) {
            System.err.println("no training images in " + dir + " (run --aot-training " + dir + " first)");
            return 1;
        }
        return runAll(startRuns(dir));
    }

    private static int runAll(List<Run> runs) {
        try {
            for (Run run : runs) {
                Main.runTool(run.argv().toArray(new String[0]));
            }
            return 0;
        } catch (RuntimeException e) {
            System.err.println("training run failed: " + e);
            return 1;
        }
    }

    /**
     * The start-up cache's runs: what bin/jqemu-img runs with that cache (jqemu-env.sh), on the
     * images {@link #runs} made in {@code dir} (raw, qcow2 with data, a snapshot and a bitmap, a
     * qcow2 with a backing file), human and JSON output, and their common error paths.
     */
    static List<Run> startRuns(Path dir) {
        List<Run> runs = new ArrayList<>();
        String raw = dir.resolve("t.raw").toString();
        String qcow2 = dir.resolve("t.qcow2").toString();
        String top = dir.resolve("top.qcow2").toString();
        for (String img : List.of(raw, qcow2, top)) {
            runs.add(new Run(false, List.of("qemu-img", "info", img)));
            runs.add(new Run(false, List.of("qemu-img", "info", "--output=json", img)));
            runs.add(new Run(false, List.of("qemu-img", "map", img)));
            runs.add(new Run(false, List.of("qemu-img", "map", "--output=json", img)));
        }
        runs.add(new Run(false, List.of("qemu-img", "info", "-f", "qcow2", "-U", qcow2)));
        runs.add(new Run(false, List.of("qemu-img", "info", "--backing-chain", top)));
        runs.add(new Run(false, List.of("qemu-img", "check", qcow2)));
        runs.add(new Run(false, List.of("qemu-img", "check", "--output=json", qcow2)));
        runs.add(new Run(false, List.of("qemu-img", "check", top)));
        runs.add(new Run(false, List.of("qemu-img", "--version")));
        runs.add(new Run(false, List.of("qemu-img", "--help")));
        runs.add(new Run(true, List.of("qemu-img", "check", raw)));
        runs.add(new Run(true, List.of("qemu-img", "info", dir.resolve("missing.qcow2").toString())));
        runs.add(new Run(true, List.of("qemu-img", "info", "--bogus")));
        runs.add(new Run(true, List.of("qemu-img", "map", dir.resolve("missing.qcow2").toString())));
        return runs;
    }

    /**
     * One training command line: program name first, image names absolute; {@code fails} marks the
     * error paths (every other run must succeed, or the training no longer covers what it claims).
     */
    record Run(boolean fails, List<String> argv) {
    }

    /** The training runs, in order (later ones use the images earlier ones made in {@code dir}). */
    static List<Run> runs(Path dir) {
        List<Run> runs = new ArrayList<>();
        for (List<String> argv : commands(dir)) {
            runs.add(new Run(false, argv));
        }
        for (List<String> argv : errorCommands(dir)) {
            runs.add(new Run(true, argv));
        }
        return runs;
    }

    private static List<List<String>> commands(Path dir) {
        List<List<String>> c = new ArrayList<>();
        for (String fmt : List.of("raw", "qcow2")) {
            String img = dir.resolve("t." + fmt).toString();
            String copy = dir.resolve("c." + fmt).toString();
            c.add(List.of("qemu-img", "create", "-f", fmt, img, "4M"));
            c.add(List.of("qemu-io", "-f", fmt, "-c", "write -P 0x5a 0 64k", "-c", "read -P 0x5a 0 64k",
                    "-c", "read -v 0 32", "-c", "write -z 64k 64k", "-c", "discard 0 4k", "-c", "map",
                    "-c", "alloc 0 1M", "-c", "length", "-c", "info", "-c", "aio_write 1M 4k",
                    "-c", "aio_read 1M 4k", "-c", "aio_flush", "-c", "readv 0 512 512",
                    "-c", "writev 0 512 512", "-c", "flush", "-c", "truncate 4M", img));
            c.add(List.of("qemu-io", "-c", "read 0 512", "-c", "write -P 1 1M 64k", img));
            c.add(List.of("qemu-io", "-r", "-c", "read -P 1 1M 64k", img));
            c.add(List.of("qemu-io", "-c", "help"));
            c.add(List.of("qemu-img", "info", img));
            c.add(List.of("qemu-img", "info", "--output=json", img));
            c.add(List.of("qemu-img", "info", "-f", fmt, "-U", img));
            c.add(List.of("qemu-img", "map", img));
            c.add(List.of("qemu-img", "map", "--output=json", img));
            if (fmt.equals("qcow2")) {
                c.add(List.of("qemu-img", "check", img));
                c.add(List.of("qemu-img", "check", "--output=json", img));
            }
            c.add(List.of("qemu-img", "convert", "-O", fmt, img, copy));
            c.add(List.of("qemu-img", "convert", "-O", "raw", img, copy + ".raw"));
            c.add(List.of("qemu-img", "convert", "-O", "qcow2", img, copy + ".qcow2"));
            c.add(List.of("qemu-img", "compare", img, copy));
            c.add(List.of("qemu-img", "measure", "-O", "qcow2", img));
            c.add(List.of("qemu-img", "dd", "-O", fmt, "bs=64k", "count=4", "if=" + img, "of=" + copy + ".dd"));
            c.add(List.of("qemu-img", "bench", "-c", "64", "-f", fmt, img));
            c.add(List.of("qemu-img", "bench", "-w", "-c", "64", "-f", fmt, img));
            c.add(List.of("qemu-img", "resize", "-f", fmt, img, "8M"));
        }
        String base = dir.resolve("t.qcow2").toString();
        String top = dir.resolve("top.qcow2").toString();
        c.add(List.of("qemu-img", "create", "-f", "qcow2", "-o", "cluster_size=4096,lazy_refcounts=on", top, "8M"));
        c.add(List.of("qemu-img", "rebase", "-u", "-b", base, "-F", "qcow2", top));
        c.add(List.of("qemu-img", "info", "--backing-chain", top));
        c.add(List.of("qemu-io", "-c", "write -P 7 0 64k", top));
        c.add(List.of("qemu-img", "commit", top));
        c.add(List.of("qemu-img", "snapshot", "-c", "s1", base));
        c.add(List.of("qemu-img", "snapshot", "-l", base));
        c.add(List.of("qemu-img", "amend", "-o", "compat=0.10", top));
        c.add(List.of("qemu-img", "convert", "-c", "-O", "qcow2", base, dir.resolve("z.qcow2").toString()));
        c.add(List.of("qemu-img", "bitmap", "--add", base, "b0"));
        c.addAll(bulkCommands(dir, base));
        c.add(List.of("qemu-img", "--version"));
        return c;
    }

    /**
     * convert and compare at the sizes they are used at: data runs of megabytes (the 64 KiB images
     * above never reach the mapped, whole-run paths of ConvertCopier and ImgCompare, whose classes
     * would otherwise load and link outside the cache in every real convert), between holes.
     */
    private static List<List<String>> bulkCommands(Path dir, String backing) {
        String raw = dir.resolve("bulk.raw").toString();
        String qcow2 = dir.resolve("bulk.qcow2").toString();
        List<List<String>> c = new ArrayList<>();
        c.add(List.of("qemu-img", "create", "-f", "raw", raw, "24M"));
        c.add(List.of("qemu-io", "-f", "raw", "-c", "write -P 0x6b 0 5M", "-c", "write -P 0x2c 8M 3M",
                "-c", "write -P 0x91 16M 6M", raw));
        c.add(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw, qcow2));
        c.add(List.of("qemu-img", "convert", "-f", "qcow2", "-O", "raw", qcow2, dir.resolve("bulk2.raw").toString()));
        c.add(List.of("qemu-img", "convert", "-f", "raw", "-O", "raw", raw, dir.resolve("bulk3.raw").toString()));
        c.add(List.of("qemu-img", "convert", "-f", "qcow2", "-O", "qcow2", "-B", backing, "-F", "qcow2", qcow2,
                dir.resolve("bulk-b.qcow2").toString()));
        c.add(List.of("qemu-img", "compare", "-f", "raw", "-F", "qcow2", raw, qcow2));
        c.add(List.of("qemu-img", "compare", "-f", "qcow2", "-F", "raw", qcow2, dir.resolve("bulk2.raw").toString()));
        return c;
    }

    private static List<List<String>> errorCommands(Path dir) {
        List<List<String>> c = new ArrayList<>();
        c.add(List.of("qemu-img", "check", dir.resolve("t.raw").toString()));
        c.add(List.of("qemu-img", "info", dir.resolve("missing.qcow2").toString()));
        c.add(List.of("qemu-img", "info", "--bogus"));
        c.add(List.of("qemu-img", "create", "-f", "qcow2", dir.resolve("bad.qcow2").toString(), "1x"));
        c.add(List.of("qemu-io", "-c", "read 0 512", dir.resolve("missing.raw").toString()));
        return c;
    }
}
