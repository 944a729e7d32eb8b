package io.jiotests.harness.compare;

import io.jiotests.harness.api.ToolResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The host's reference qemu-img / qemu-io for tests (stderr merged after stdout; fine for these checks). */
final class HostQemu {
    private HostQemu() {
    }

    static ToolResult run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new ToolResult(p.waitFor(), out, err, out + err);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv[0] + " (install qemu-utils): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ToolResult ok(String... argv) {
        ToolResult r = run(argv);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.merged());
        }
        return r;
    }

    /** A 4 MiB qcow2 image {@code sub/t.qcow2} below {@code dir}, made and written by the host's qemu-img / qemu-io. */
    static Path qcow2Image(Path dir, String sub, String... ioCommands) throws IOException {
        Path p = Files.createDirectories(dir.resolve(sub)).resolve("t.qcow2");
        ok("qemu-img", "create", "-q", "-f", "qcow2", p.toString(), "4M");
        for (String c : ioCommands) {
            ok("qemu-io", "-f", "qcow2", "-c", c, p.toString());
        }
        return p;
    }

    static ToolRunner qemuImg() {
        return args -> {
            List<String> argv = new ArrayList<>();
            argv.add("qemu-img");
            argv.addAll(args);
            return run(argv.toArray(String[]::new));
        };
    }
}
