package io.jiotests.harness.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's workloads (issue 9), on inputs made by {@link Inputs}. Paths are relative to the
 * work directory; "{impl}" in an argument becomes the side's name ("qemu" / "java").
 */
public final class Workloads {

    /**
     * @param name        unique, e.g. "convert raw->qcow2"
     * @param category    convert, compress, compare, metadata, bench, suite, startup
     * @param program     qemu-img, or "check" for the ./check suite
     * @param args        the arguments
     * @param outputs     files removed before every run (convert targets)
     * @param ops         requests per run for IOPS (bench), else 0
     * @param processOnly the Java side must be the launcher process (start-up measurements)
     */
    public record Workload(String name, String category, String program, List<String> args, List<String> outputs,
                           long ops, boolean processOnly) {
    }

    private Workloads() {
    }

    public static List<Workload> all(Inputs.Sizes s) {
        List<Workload> w = new ArrayList<>();
        w.add(convert("convert raw->qcow2", List.of("-f", "raw", "-O", "qcow2", Inputs.DATA_RAW, "out.qcow2")));
        w.add(convert("convert qcow2->raw", List.of("-f", "qcow2", "-O", "raw", Inputs.DATA_QCOW2, "out.raw")));
        w.add(convert("convert qcow2->qcow2 -B", List.of("-f", "qcow2", "-O", "qcow2", "-B", Inputs.BASE_QCOW2,
                "-F", "qcow2", Inputs.DATA_QCOW2, "out.qcow2")));
        w.add(convert("convert raw->raw", List.of("-f", "raw", "-O", "raw", Inputs.DATA_RAW, "out.raw")));
        for (String algo : List.of("zlib", "zstd")) {
            w.add(new Workload("convert -c " + algo, "compress", "qemu-img", List.of("convert", "-c", "-f", "raw", "-O",
                    "qcow2", "-o", "compression_type=" + algo, Inputs.COMPRESSIBLE_RAW, "out.qcow2"),
                    List.of("out.qcow2"), 0, false));
        }
        w.add(new Workload("compare raw qcow2", "compare", "qemu-img",
                List.of("compare", "-f", "raw", "-F", "qcow2", Inputs.DATA_RAW, Inputs.DATA_QCOW2), List.of(), 0, false));
        w.add(meta(s, "check", List.of("check", "-f", "qcow2", Inputs.EXTENTS_QCOW2)));
        w.add(meta(s, "map --output=json", List.of("map", "--output=json", "-f", "qcow2", Inputs.EXTENTS_QCOW2)));
        w.add(meta(s, "info", List.of("info", "-f", "qcow2", Inputs.EXTENTS_QCOW2)));
        for (String fmt : List.of("raw", "qcow2")) {
            for (String cache : List.of("writeback", "none")) {
                for (int size : new int[] {4096, 65536}) {
                    for (boolean write : new boolean[] {false, true}) {
                        for (int depth : new int[] {1, 32}) {
                            long count = size == 4096 ? s.benchOps4k() : s.benchOps64k();
                            List<String> a = new ArrayList<>(List.of("bench", "-c", Long.toString(count), "-d",
                                    Integer.toString(depth), "-s", Integer.toString(size), "-t", cache, "-f", fmt));
                            if (write) {
                                a.add("-w");
                            }
                            a.add(fmt.equals("raw") ? Inputs.BENCH_RAW : Inputs.BENCH_QCOW2);
                            w.add(new Workload("bench " + fmt + " " + (size / 1024) + "k " + (write ? "write" : "read")
                                    + " d" + depth + " " + cache, "bench", "qemu-img", List.copyOf(a), List.of(), count, false));
                        }
                    }
                }
            }
        }
        w.add(new Workload("./check -g quick", "suite", "check",
                List.of("--impl", "{impl}", "-g", "quick", "--report", "{work}/suite-{impl}"), List.of(), 0, false));
        w.add(new Workload("process start: info", "startup", "qemu-img", List.of("info", Inputs.SMALL_QCOW2),
                List.of(), 0, true));
        return w;
    }

    private static Workload convert(String name, List<String> args) {
        List<String> a = new ArrayList<>();
        a.add("convert");
        a.addAll(args);
        return new Workload(name, "convert", "qemu-img", List.copyOf(a), List.of(args.getLast()), 0, false);
    }

    private static Workload meta(Inputs.Sizes s, String name, List<String> args) {
        return new Workload(name + " (" + s.extents() + " extents)", "metadata", "qemu-img", args, List.of(), 0, false);
    }

    /** Workloads whose name contains one of the given filters (case-insensitive); all when none given. */
    public static List<Workload> select(List<Workload> all, List<String> filters) {
        if (filters.isEmpty()) {
            return all;
        }
        return all.stream().filter(w -> filters.stream().anyMatch(f -> w.name().toLowerCase().contains(f.toLowerCase())))
                .toList();
    }
}
