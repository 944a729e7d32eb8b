package io.jiotests.engine.qcow2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the reference qemu-img / qemu-io (test helper). */
final class QemuTool {
    record Result(int exit, String stdout, String stderr) {
    }

    private QemuTool() {
    }

    static Result run(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        int rc = p.waitFor();
        return new Result(rc, new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    static Result run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        return run(dir, cmd.toArray(new String[0]));
    }

    static List<String> list(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
