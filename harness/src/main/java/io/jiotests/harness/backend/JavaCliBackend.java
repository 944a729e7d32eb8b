package io.jiotests.harness.backend;

import io.jiotests.harness.api.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The engine's command-line launchers bin/jqemu-img and bin/jqemu-io, run as subprocesses. */
public final class JavaCliBackend implements Backend {

    private final Map<String, Path> launchers;
    private final ProcessRunner runner;

    JavaCliBackend(Path binDir, Map<String, String> env) {
        this.launchers = Map.of("qemu-img", binDir.resolve("jqemu-img"), "qemu-io", binDir.resolve("jqemu-io"));
        this.runner = new ProcessRunner(env);
    }

    /** One JVM per call, as the name says: a JQEMU_DAEMON=on in the caller's environment is overridden. */
    public static JavaCliBackend fromRepo(RunEnvironment env) {
        Map<String, String> e = new java.util.LinkedHashMap<>(env.env());
        e.put("JQEMU_DAEMON", "off");
        return new JavaCliBackend(env.repoRoot().resolve("bin"), e);
    }

    @Override
    public String name() {
        return "java-cli";
    }

    @Override
    public ToolResult run(String program, List<String> args, Path cwd, StreamMode mode, Duration timeout) {
        Path launcher = launchers.get(program);
        if (launcher == null || !Files.isExecutable(launcher)) {
            String msg = "jiotests: java-cli has no launcher for " + program
                    + (launcher == null ? "" : " (bin/" + launcher.getFileName() + " missing or not executable)") + "\n";
            return new ToolResult(ProcessRunner.NOT_FOUND_EXIT, "", msg, msg);
        }
        return runner.run(launcher.toString(), args, cwd, mode, timeout);
    }
}
