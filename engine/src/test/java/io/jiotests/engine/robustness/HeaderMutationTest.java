package io.jiotests.engine.robustness;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated header mutations: for every format driver the engine has (and reference qemu-img can
 * create), a valid image made by the reference is mutated 300 times (seeded, reproducible): a 2-,
 * 4- or 8-byte field at an aligned offset of the first 512 bytes, in either byte order, set to an
 * extreme (0, 1, all ones, the signed maximum, a power of two, the file size and one past it), or
 * the file cut short. Each mutant goes through probe / open / read / block status / check within 10
 * s; only BlockException may come out. A failing mutant is written to target/robustness-findings
 * in DriverFuzzTest's input layout, to be added to its regression corpus with the fix.
 */
class HeaderMutationTest {
    private static final int MUTANTS = 300;
    private static final List<String> CREATABLE = List.of("qcow2", "qed", "vdi", "vpc", "vmdk", "vhdx", "parallels");

    @TestFactory
    Stream<DynamicTest> mutatedHeadersNeverCrashOrHang() throws Exception {
        List<String> formats = DriverExercise.FORMATS.stream().filter(CREATABLE::contains).toList();
        Assumptions.assumeFalse(formats.isEmpty(), "not run: the engine has no driver yet for any of " + CREATABLE);
        Assumptions.assumeTrue(hasQemuImg(), "not run: reference qemu-img not installed");
        return formats.stream().map(fmt -> DynamicTest.dynamicTest(fmt, () -> mutate(fmt)));
    }

    private static void mutate(String fmt) throws Exception {
        Path dir = Files.createTempDirectory("jiotests-mutate-" + fmt);
        Path base = dir.resolve("base." + fmt);
        run("qemu-img", "create", "-q", "-f", fmt, base.toString(), "4M");
        run("qemu-io", "-f", fmt, "-c", "write -P 0x5a 0 64k", "-c", "write -P 0xa5 1M 4k", base.toString());
        byte[] valid = Files.readAllBytes(base);
        Random rnd = new Random(0x5eed_0000L + fmt.hashCode());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            byte[] img = valid.clone();
            String what = mutateOnce(img, rnd);
            byte[] mutant = what.startsWith("truncate") ? Arrays.copyOf(img, Integer.parseInt(what.substring(9))) : img;
            Path work = Files.createDirectories(dir.resolve("m"));
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> DriverExercise.exercise(work, mutant, fmt));
            } catch (Throwable t) {
                failures.add(fmt + " mutant " + i + " (" + what + "): " + t);
                saveFinding(fmt, i, mutant);
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + MUTANTS + " mutants failed:\n" + String.join("\n", failures));
        }
    }

    /** Mutates one field in place; returns what it did ("truncate N" means: cut to N bytes). */
    static String mutateOnce(byte[] img, Random rnd) {
        if (rnd.nextInt(10) == 0) {
            int n = rnd.nextInt(Math.min(img.length, 1 << 17));
            return "truncate " + n;
        }
        int width = new int[] {2, 4, 8}[rnd.nextInt(3)];
        int off = rnd.nextInt(Math.min(512, img.length) / width) * width;
        ByteOrder order = rnd.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long[] extremes = {0, 1, -1, Long.MAX_VALUE, 1L << rnd.nextInt(63), img.length, img.length + 1L, 0x80000000L};
        long v = extremes[rnd.nextInt(extremes.length)];
        ByteBuffer b = ByteBuffer.wrap(img).order(order);
        switch (width) {
            case 2 -> b.putShort(off, (short) v);
            case 4 -> b.putInt(off, (int) (width == 4 && v == Long.MAX_VALUE ? Integer.MAX_VALUE : v));
            default -> b.putLong(off, v);
        }
        return width + " bytes at " + off + " " + order + " = " + Long.toUnsignedString(v);
    }

    private static void saveFinding(String fmt, int i, byte[] mutant) throws IOException {
        Path out = Path.of("target", "robustness-findings");
        Files.createDirectories(out);
        byte[] input = new byte[mutant.length + 1];
        input[0] = (byte) DriverExercise.FORMATS.indexOf(fmt);
        System.arraycopy(mutant, 0, input, 1, mutant.length);
        Files.write(out.resolve("header-mutation-" + fmt + "-" + i), input);
    }

    private static boolean hasQemuImg() {
        try {
            return new ProcessBuilder("qemu-img", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
