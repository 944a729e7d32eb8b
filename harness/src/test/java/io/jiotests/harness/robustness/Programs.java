package io.jiotests.harness.robustness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Command lines of the two implementations as separate processes: the reference qemu-img / qemu-io
 * (QEMU_IMG_PROG / QEMU_IO_PROG honoured) and the engine's tools through
 * {@code io.jiotests.engine.tools.Main} in a child JVM with a bounded heap, as bin/jqemu-* run them.
 */
final class Programs {
    private Programs() {
    }

    record Result(int rc, String output) {
    }

    static List<String> command(boolean engine, String program, List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (engine) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "io.jiotests.engine.tools.Main", program));
        } else {
            String env = program.equals("qemu-img") ? "QEMU_IMG_PROG" : "QEMU_IO_PROG";
            cmd.add(System.getenv().getOrDefault(env, program));
        }
        cmd.addAll(args);
        return cmd;
    }

    /** Runs to completion (30 s bound), stdout and stderr merged. */
    static Result run(boolean engine, Path cwd, String program, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(engine, program, List.of(args))).directory(cwd.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Result(124, "timeout\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Program names (qemu-io, jqemu-io, paths) become QEMU_IO / QEMU_IMG, as the harness filters them. */
    static String filterNames(String text) {
        return io.jiotests.harness.filter.Filters.programNames(text);
    }
}
