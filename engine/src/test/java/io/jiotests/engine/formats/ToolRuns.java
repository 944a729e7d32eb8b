package io.jiotests.engine.formats;

import io.jiotests.engine.tools.Tool;
import io.jiotests.engine.tools.ToolContext;
import io.jiotests.engine.tools.img.ImgTool;
import io.jiotests.engine.tools.io.QemuIoTool;

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

/**
 * Test helper for the format drivers: runs the reference qemu-img / qemu-io as processes and
 * jqemu-img / jqemu-io in-process with the same arguments, with qemu-io's timing line masked.
 */
public final class ToolRuns {
    private static final Pattern STATS = Pattern.compile(
            "(?m)^(\\S+ (?:bytes|KiB|MiB|GiB|TiB|PiB|EiB), \\d+ ops; )(?:\\d\\d\\.\\d\\d sec|\\d+:\\d\\d:\\d\\d\\.\\d\\d) "
                    + "\\([0-9.]+ (?:bytes|KiB|MiB|GiB|TiB|PiB|EiB)/sec and [0-9.]+ ops/sec\\)$");

    /** Exit code and the two output streams (timing masked). */
    public record Result(int exit, String stdout, String stderr) {
    }

    private ToolRuns() {
    }

    /** The reference tool ("qemu-img" or "qemu-io") run in {@code dir}. */
    public static Result qemu(Path dir, String tool, List<String> args) throws IOException, InterruptedException {
        return masked(unmaskedQemu(dir, tool, args));
    }

    /** The reference tool run in {@code dir}, its output as printed (timing not masked). */
    public static Result unmaskedQemu(Path dir, String tool, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(tool + " did not finish: " + args);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    /** jqemu-img ("qemu-img") or jqemu-io ("qemu-io") run in-process in {@code dir}. */
    public static Result java(Path dir, String tool, List<String> args) {
        return masked(unmaskedJava(dir, tool, args));
    }

    /** jqemu-img or jqemu-io run in-process in {@code dir}, its output as printed (timing not masked). */
    public static Result unmaskedJava(Path dir, String tool, List<String> args) {
        Tool t = tool.equals("qemu-img") ? new ImgTool() : new QemuIoTool();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int rc = t.run(new ToolContext(o, e, dir, System.getenv()), args.toArray(new String[0]));
            return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    private static Result masked(Result r) {
        return new Result(r.exit(), mask(r.stdout()), mask(r.stderr()));
    }

    static String mask(String s) {
        return STATS.matcher(s).replaceAll("$1TIME");
    }

    /** qemu-img create arguments: {@code -f fmt}, {@code -o options} unless null, the image and its size. */
    public static List<String> createArgs(String fmt, String image, String size, String options) {
        List<String> a = new ArrayList<>(List.of("create", "-f", fmt));
        if (options != null) {
            a.add("-o");
            a.add(options);
        }
        a.add(image);
        a.add(size);
        return a;
    }

    /** qemu-io arguments: {@code -f fmt}, each command as {@code -c}, then the image. */
    public static List<String> ioArgs(String fmt, String image, List<String> commands) {
        List<String> a = new ArrayList<>(List.of("-f", fmt));
        for (String c : commands) {
            for (String part : c.split("\n")) {
                a.add("-c");
                a.add(part);
            }
        }
        a.add(image);
        return a;
    }
}
