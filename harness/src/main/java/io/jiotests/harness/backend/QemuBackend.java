package io.jiotests.harness.backend;

import io.jiotests.harness.api.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reference: the host's qemu-img / qemu-io (overridable by QEMU_IMG_PROG / QEMU_IO_PROG). */
public final class QemuBackend implements Backend {
    private final String name;
    private final Map<String, Optional<Path>> programs;
    private final Map<String, String> names;
    private final ProcessRunner runner;

    QemuBackend(String name, String imgProg, String ioProg, Map<String, String> env) {
        this.name = name;
        this.names = Map.of("qemu-img", imgProg, "qemu-io", ioProg);
        this.programs = Map.of(
                "qemu-img", ProcessRunner.findExecutable(imgProg, env),
                "qemu-io", ProcessRunner.findExecutable(ioProg, env));
        this.runner = new ProcessRunner(env);
    }

    public static QemuBackend fromEnvironment(RunEnvironment env) {
        Map<String, String> e = env.env();
        return new QemuBackend("qemu", e.getOrDefault("QEMU_IMG_PROG", "qemu-img"),
                e.getOrDefault("QEMU_IO_PROG", "qemu-io"), e);
    }

    /** Whether the host has a qemu-img (QEMU_IMG_PROG or on PATH). */
    public static boolean hostHasQemuImg(Map<String, String> env) {
        return ProcessRunner.findExecutable(env.getOrDefault("QEMU_IMG_PROG", "qemu-img"), env).isPresent();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isReference() {
        return true;
    }

    @Override
    public Optional<String> unavailableReason() {
        if (programs.get("qemu-img").isEmpty()) {
            return Optional.of(names.get("qemu-img") + " not found (install qemu-utils or set QEMU_IMG_PROG)");
        }
        if (programs.get("qemu-io").isEmpty()) {
            return Optional.of(names.get("qemu-io") + " not found (install qemu-utils or set QEMU_IO_PROG)");
        }
        return Optional.empty();
    }

    @Override
    public ToolResult run(String program, List<String> args, Path cwd, StreamMode mode, Duration timeout) {
        Optional<Path> exe = programs.get(program);
        if (exe == null) {
            String msg = "jiotests: backend " + name + " has no program " + program + "\n";
            return new ToolResult(ProcessRunner.NOT_FOUND_EXIT, "", msg, msg);
        }
        if (exe.isEmpty()) {
            String msg = "jiotests: " + names.get(program) + " not found\n";
            return new ToolResult(ProcessRunner.NOT_FOUND_EXIT, "", msg, msg);
        }
        String exePath = exe.get().toString();
        return ReferenceFlake.retrying(program, () -> runner.run(exePath, args, cwd, mode, timeout));
    }
}
