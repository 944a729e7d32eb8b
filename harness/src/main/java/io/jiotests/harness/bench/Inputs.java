package io.jiotests.harness.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes the benchmark's input images in the work directory (once; a stamp file records the sizes
 * so a rerun with the same sizes reuses them). Raw data comes from {@link ImageGenerator}; qcow2
 * versions are converted with the reference qemu-img so both sides read the same bytes.
 */
public final class Inputs {

    public static final String DATA_RAW = "data.raw";
    public static final String DATA_QCOW2 = "data.qcow2";
    public static final String BASE_QCOW2 = "base.qcow2";
    public static final String COMPRESSIBLE_RAW = "compressible.raw";
    public static final String EXTENTS_QCOW2 = "extents.qcow2";
    public static final String BENCH_RAW = "bench.raw";
    public static final String BENCH_QCOW2 = "bench.qcow2";
    public static final String SMALL_QCOW2 = "small.qcow2";
    private static final String STAMP = "inputs.stamp";
    private static final long SEED = 0x6a696f7465737473L;

    /**
     * @param image        size of data.raw (data in runs of {@code run} bytes, holes of the same size between)
     * @param run          data run and hole length
     * @param compressible size of compressible.raw
     * @param extentsImage size of extents.qcow2
     * @param extents      data extents in extents.qcow2
     * @param benchImage   size of bench.raw / bench.qcow2 (fully allocated)
     * @param benchOps4k   requests per qemu-img bench run at 4 KiB
     * @param benchOps64k  requests per run at 64 KiB
     */
    public record Sizes(long image, int run, long compressible, long extentsImage, int extents, long benchImage,
                        long benchOps4k, long benchOps64k) {
        public static final Sizes FULL = new Sizes(2L << 30, 1 << 20, 512L << 20, 2L << 30, 2048, 256L << 20, 100_000, 25_000);
        public static final Sizes QUICK = new Sizes(64L << 20, 1 << 20, 8L << 20, 64L << 20, 256, 8L << 20, 2_000, 500);
    }

    private Inputs() {
    }

    /** Creates what is missing; {@code qemuImg} and {@code qemuIo} are the reference programs. */
    public static void prepare(Path dir, Sizes s, Path qemuImg, Path qemuIo, java.io.PrintStream log)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path stamp = dir.resolve(STAMP);
        String want = s + " seed=" + SEED + "\n";
        if (Files.isRegularFile(stamp) && Files.readString(stamp, StandardCharsets.UTF_8).equals(want)) {
            log.println("bench: reusing inputs in " + dir);
            return;
        }
        Files.deleteIfExists(stamp);
        log.println("bench: generating inputs in " + dir + " ...");
        long t0 = System.nanoTime();
        ImageGenerator.sparseRandom(dir.resolve(DATA_RAW), s.image(), s.run(), s.run(), SEED);
        run(dir, qemuImg, "convert", "-f", "raw", "-O", "qcow2", DATA_RAW, DATA_QCOW2);
        Files.deleteIfExists(dir.resolve(BASE_QCOW2));
        run(dir, qemuImg, "convert", "-f", "qcow2", "-O", "qcow2", DATA_QCOW2, BASE_QCOW2);
        run(dir, qemuIo, "-f", "qcow2", "-c", "write -P 0xa5 0 " + s.image() / 8, BASE_QCOW2);
        ImageGenerator.compressible(dir.resolve(COMPRESSIBLE_RAW), s.compressible(), SEED + 1);
        int extentRun = (int) (s.extentsImage() / s.extents() / 2);
        Path extRaw = dir.resolve("extents.raw");
        ImageGenerator.sparseRandom(extRaw, s.extentsImage(), extentRun, extentRun, SEED + 2);
        run(dir, qemuImg, "convert", "-f", "raw", "-O", "qcow2", "extents.raw", EXTENTS_QCOW2);
        Files.delete(extRaw);
        ImageGenerator.sparseRandom(dir.resolve(BENCH_RAW), s.benchImage(), (int) Math.min(s.benchImage(), 1 << 20), 0, SEED + 3);
        run(dir, qemuImg, "convert", "-f", "raw", "-O", "qcow2", BENCH_RAW, BENCH_QCOW2);
        run(dir, qemuImg, "create", "-f", "qcow2", SMALL_QCOW2, "1M");
        Files.writeString(stamp, want, StandardCharsets.UTF_8);
        log.printf("bench: inputs ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void run(Path dir, Path program, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("preparing inputs: " + String.join(" ", cmd) + " failed: " + out.strip());
        }
    }
}
