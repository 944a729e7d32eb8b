package io.jiotests.engine.tools.img;

import io.jiotests.engine.tools.ToolContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs one qemu-img invocation through the reference binary and through jqemu-img in-process. */
final class ReferenceRun {
    /** What an invocation produced. */
    record Outcome(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "rc=" + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private ReferenceRun() {
    }

    static boolean referenceAvailable() {
        try {
            Process p = new ProcessBuilder("qemu-img", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Outcome qemu(Path cwd, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("qemu-img");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("LC_ALL", "C");
        Path errFile = Files.createTempFile("qemu-img-err", ".txt");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("qemu-img timed out: " + args);
        }
        String err = Files.readString(errFile);
        Files.delete(errFile);
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    static Outcome java(Path cwd, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, false, StandardCharsets.UTF_8)) {
            ToolContext ctx = new ToolContext(o, e, cwd, Map.of());
            int rc = new ImgTool().run(ctx, args.toArray(String[]::new));
            o.flush();
            e.flush();
            return new Outcome(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Drops the lines that name the build: the version line and the list of built-in formats. */
    static Outcome normalise(Outcome o) {
        return new Outcome(o.exitCode(), normalise(o.out()), normalise(o.err()));
    }

    private static String normalise(String s) {
        return s.replaceAll("(?m)^qemu-img version .*$", "qemu-img version X")
                .replaceAll("(?m)^Supported formats:.*$", "Supported formats: X")
                .replaceAll("(?m)^Run completed in [0-9.]+ seconds\\.$", "Run completed in T seconds.");
    }

    /** Every regular file under dir with its bytes, by relative path. */
    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    // cp --sparse keeps holes, so allocation-dependent outputs stay comparable
                    Process cp = new ProcessBuilder("cp", "--sparse=auto", "--preserve=all", p.toString(),
                            t.toString()).inheritIO().start();
                    try {
                        cp.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
            }
        }
    }
}
