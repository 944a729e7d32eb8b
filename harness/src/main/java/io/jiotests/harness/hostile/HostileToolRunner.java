package io.jiotests.harness.hostile;

import io.jiotests.harness.api.ToolResult;
import io.jiotests.harness.backend.JavaBackend;
import io.jiotests.harness.backend.ProcessRunner;
import io.jiotests.harness.backend.StreamMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The child JVM of the hostile-corpus run (started with a bounded heap, e.g. -Xmx256m): runs the
 * engine's tools in-process on a list of operations, one after another, and appends to a results
 * file {@code BEGIN id} before and {@code END id rc base64(output)} after each. When a tool does
 * not return within the time bound it writes {@code HANG id} and halts; after an
 * OutOfMemoryError it writes the result and halts, so the parent restarts a fresh JVM for the
 * remaining operations. A JVM that dies without END is a crash of that operation.
 *
 * <p>Operation lines: {@code id TAB program TAB cwd TAB arg TAB arg ...}.
 */
public final class HostileToolRunner {

    /** Exit status after a hang. */
    public static final int HANG_EXIT = 124;
    /** Exit status after an OutOfMemoryError (as -XX:+ExitOnOutOfMemoryError). */
    public static final int OOM_EXIT = 3;

    private HostileToolRunner() {
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int from = Integer.parseInt(args[2]);
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[3]));
        JavaBackend backend = new JavaBackend();
        try (PrintStream results = new PrintStream(Files.newOutputStream(Path.of(args[1]),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            for (int i = from; i < lines.size(); i++) {
                String[] f = lines.get(i).split("\t", -1);
                String id = f[0];
                results.println("BEGIN " + id);
                ToolResult r = backend.run(f[1], Arrays.asList(f).subList(3, f.length), Path.of(f[2]), StreamMode.MERGED, timeout);
                if (r.exitCode() == ProcessRunner.TIMEOUT_EXIT && r.merged().contains("did not return within")) {
                    results.println("HANG " + id);
                    Runtime.getRuntime().halt(HANG_EXIT);
                }
                results.println("END " + id + " " + r.exitCode() + " "
                        + Base64.getEncoder().encodeToString(r.merged().getBytes(StandardCharsets.UTF_8)));
                if (r.merged().contains("java.lang.OutOfMemoryError")) {
                    Runtime.getRuntime().halt(OOM_EXIT);
                }
            }
        }
    }
}
