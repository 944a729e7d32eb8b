package io.jiotests.engine.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workload the launchers' JDK AOT cache is trained on ({@code Main --aot-training}, run by
 * bin/jqemu-aot-train with -XX:AOTCacheOutput): jqemu-img and jqemu-io command lines on small raw
 * and qcow2 images in a temporary directory, each through {@link Main#runTool} (the launcher's own
 * path: standard streams, background libc binding), so that the classes, lambdas and string
 * concatenations a real run uses are loaded and linked in the cache. Error paths are included
 * (a missing file, a bad option) because qemu-img's error output is a common result too.
 * Output goes wherever the trainer sends its standard streams (bin/jqemu-aot-train: /dev/null).
 */
final class AotTraining {
    private AotTraining() {
    }

    static int run() {
        Path dir;
        try {
            dir = Files.createTempDirectory("jqemu-aot");
        } catch (IOException e) {
            System.err.println("cannot create a training directory: " + e.getMessage());
            return 1;
        }
        try {
            for (Run run : runs(dir)) {
                Main.runTool(run.argv().toArray(new String[0]));
            }
            return 0;
        } catch (RuntimeException e) {
            System.err.println("training run failed: " + e);
            return 1;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp dir is harmless
            }
        }
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
        c.add(List.of("qemu-img", "--version"));
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
