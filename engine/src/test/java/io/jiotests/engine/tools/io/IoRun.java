package io.jiotests.engine.tools.io;

import io.jiotests.engine.tools.ToolContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs the reference qemu-io as a process and jqemu-io in-process on the same arguments (test helper). */
final class IoRun {
    /** The statistics line; its numbers depend on timing. */
    private static final Pattern STATS = Pattern.compile(
            "(?m)^(\\S+ (?:bytes|KiB|MiB|GiB|TiB|PiB|EiB), \\d+ ops; )(?:\\d\\d\\.\\d\\d sec|\\d+:\\d\\d:\\d\\d\\.\\d\\d) "
                    + "\\([0-9.]+ (?:bytes|KiB|MiB|GiB|TiB|PiB|EiB)/sec and [0-9.]+ ops/sec\\)$");
    private static final Pattern TERSE = Pattern.compile("(?m)^(\\d+,\\d+,)\\d+:\\d\\d:\\d\\d\\.\\d\\d,[0-9.]+,[0-9.]+$");

    record Result(int exit, String stdout, String stderr) {
        /** The output with the timing numbers masked, as iotests' filters do. */
        Result filtered() {
            return new Result(exit, filter(stdout), filter(stderr));
        }
    }

    private IoRun() {
    }

    static String filter(String s) {
        s = STATS.matcher(s).replaceAll("$1TIME (RATE/sec and RATE ops/sec)");
        return TERSE.matcher(s).replaceAll("$1TIME,RATE,RATE");
    }

    static Result qemu(Path dir, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("qemu-io");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("qemu-io did not finish: " + args);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    static Result java(Path dir, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int rc = new QemuIoTool().run(new ToolContext(o, e, dir, System.getenv()), args.toArray(new String[0]));
            return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
