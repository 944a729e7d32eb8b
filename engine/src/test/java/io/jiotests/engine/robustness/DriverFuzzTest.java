package io.jiotests.engine.robustness;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of every format driver's probe / open / read / check path (Jazzer).
 *
 * <p>In {@code mvn verify} (no JAZZER_FUZZ) Jazzer runs in regression mode: every file under
 * src/test/resources/io/jiotests/engine/robustness/DriverFuzzTestInputs/METHOD/ is run once, so
 * each finding checked in there stays fixed. To fuzz, run
 * {@code JAZZER_FUZZ=1 mvn -pl engine test -Dtest=DriverFuzzTest#openReadCheck} (bounded by
 * maxDuration; findings are written into the inputs directory: commit them with the fix). The
 * build's fuzz-budget execution passes libFuzzer a fixed seed (engine/pom.xml jiotests.fuzz.seed),
 * so that CI does not draw a new one each run (a rerun retraces the same inputs while the coverage
 * feedback agrees); {@code -Djiotests.fuzz.seed=0} fuzzes with a random one.
 *
 * <p>Input layout of openReadCheck: byte 0 picks the format driver (index into the sorted list of
 * format drivers, 0xff = probe), the rest is the image file.
 */
class DriverFuzzTest {
    private static Path dir;

    @BeforeAll
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("jiotests-fuzz");
    }

    private static final AtomicLong PROBES = new AtomicLong();
    private static final AtomicLong OPENS = new AtomicLong();

    @AfterAll
    static void removeDirAndReport() throws IOException {
        Files.deleteIfExists(dir.resolve("fuzz.img"));
        Files.deleteIfExists(dir);
        boolean fuzzing = System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty();
        Path reports = Path.of("..", "reports", "robustness");
        if (Files.isDirectory(reports.getParent())) {
            Files.createDirectories(reports);
            Files.writeString(reports.resolve("fuzz-" + (fuzzing ? "budget" : "regression") + ".txt"),
                    "DriverFuzzTest " + (fuzzing ? "fuzzing run (maxDuration budget, libFuzzer seed "
                            + libFuzzerSeed() + ")"
                            : "regression run over DriverFuzzTestInputs")
                    + "\nformat drivers fuzzed: " + DriverExercise.FORMATS
                    + "\nprobe inputs executed: " + PROBES.get()
                    + "\nopenReadCheck inputs executed: " + OPENS.get()
                    + "\nfindings: none (a finding fails the build and is written to DriverFuzzTestInputs)\n");
        }
    }

    /** The -seed= argument the build passed libFuzzer (engine/pom.xml), or that Jazzer chose one. */
    private static String libFuzzerSeed() {
        for (int i = 0; System.getProperty("jazzer.internal.arg." + i) != null; i++) {
            String arg = System.getProperty("jazzer.internal.arg." + i);
            if (arg.startsWith("-seed=")) {
                return arg.equals("-seed=0") ? "0: random" : arg.substring("-seed=".length());
            }
        }
        return "random, chosen by Jazzer (its log prints it)";
    }

    @FuzzTest(maxDuration = "20s")
    void probe(byte[] input) {
        PROBES.incrementAndGet();
        DriverExercise.probeAll(input, "fuzz.img");
    }

    @FuzzTest(maxDuration = "20s")
    void openReadCheck(byte[] input) {
        OPENS.incrementAndGet();
        if (input.length == 0 || DriverExercise.FORMATS.isEmpty()) {
            return;
        }
        int pick = input[0] & 0xff;
        String format = pick == 0xff ? null : DriverExercise.FORMATS.get(pick % DriverExercise.FORMATS.size());
        DriverExercise.exercise(dir, Arrays.copyOfRange(input, 1, input.length), format);
    }
}
