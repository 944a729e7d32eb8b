package io.jiotests.harness.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.tools.Tool;
import io.jiotests.engine.tools.ToolContext;
import io.jiotests.harness.api.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendsTest {

    @TempDir
    Path dir;

    /** Prints to stdout, then stderr, then stdout again, like a C program into a pipe. */
    private static final Tool INTERLEAVING = new Tool() {
        @Override
        public String qemuName() {
            return "qemu-io";
        }

        @Override
        public int run(ToolContext ctx, String[] args) {
            ctx.out().println("out1 " + String.join(",", args));
            ctx.err().println("err1 in " + ctx.cwd().getFileName());
            ctx.out().println("out2");
            if (args.length > 0 && args[0].equals("flush")) {
                ctx.out().flush();
                ctx.err().println("err2");
            }
            return 3;
        }
    };

    private static final Tool THROWING = new Tool() {
        @Override
        public String qemuName() {
            return "qemu-img";
        }

        @Override
        public int run(ToolContext ctx, String[] args) {
            ctx.out().print("partial");
            throw new IllegalStateException("boom");
        }
    };

    private static final Tool HANGING = new Tool() {
        @Override
        public String qemuName() {
            return "qemu-img";
        }

        @Override
        public int run(ToolContext ctx, String[] args) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    };

    @Test
    void inProcessStdoutIsBlockBufferedLikeAPipeAndStderrIsNot() {
        JavaBackend b = new JavaBackend(List.of(INTERLEAVING));
        ToolResult merged = b.run("qemu-io", List.of("a", "b"), dir, StreamMode.MERGED, Duration.ofSeconds(10));
        assertThat(merged.exitCode()).isEqualTo(3);
        assertThat(merged.merged()).isEqualTo("err1 in " + dir.getFileName() + "\nout1 a,b\nout2\n");
        ToolResult flushed = b.run("qemu-io", List.of("flush"), dir, StreamMode.SEPARATE, Duration.ofSeconds(10));
        assertThat(flushed.merged()).isEqualTo("err1 in " + dir.getFileName() + "\nout1 flush\nout2\nerr2\n");
        assertThat(flushed.stdout()).isEqualTo("out1 flush\nout2\n");
        assertThat(flushed.stderr()).isEqualTo("err1 in " + dir.getFileName() + "\nerr2\n");
    }

    @Test
    void missingToolThrowingToolAndHangingToolAreReportedNotFatal() {
        ToolResult missing = new JavaBackend(List.of()).run("qemu-img", List.of("info"), dir, StreamMode.MERGED, Duration.ofSeconds(5));
        assertThat(missing.exitCode()).isEqualTo(ProcessRunner.NOT_FOUND_EXIT);
        assertThat(missing.merged()).startsWith("jiotests: engine has no Tool for qemu-img");

        ToolResult thrown = new JavaBackend(List.of(THROWING)).run("qemu-img", List.of(), dir, StreamMode.MERGED, Duration.ofSeconds(5));
        assertThat(thrown.exitCode()).isEqualTo(1);
        assertThat(thrown.merged()).startsWith("partialjiotests: qemu-img threw java.lang.IllegalStateException: boom");

        ToolResult hung = new JavaBackend(List.of(HANGING)).run("qemu-img", List.of(), dir, StreamMode.MERGED, Duration.ofMillis(200));
        assertThat(hung.exitCode()).isEqualTo(ProcessRunner.TIMEOUT_EXIT);
        assertThat(hung.merged()).contains("did not return within the timeout");
    }

    @Test
    void subprocessMergedModeKeepsPipeOrderAndSeparateModeSplitsStreams() throws Exception {
        Path script = dir.resolve("prog");
        Files.writeString(script, "#!/bin/sh\necho out1\necho err1 >&2\necho out2\nexit 5\n");
        script.toFile().setExecutable(true);
        ProcessRunner r = new ProcessRunner(Map.of("PATH", "/usr/bin:/bin"));
        ToolResult merged = r.run(script.toString(), List.of(), dir, StreamMode.MERGED, Duration.ofSeconds(10));
        assertThat(merged.exitCode()).isEqualTo(5);
        assertThat(merged.merged()).isEqualTo("out1\nerr1\nout2\n");
        ToolResult sep = r.run(script.toString(), List.of(), dir, StreamMode.SEPARATE, Duration.ofSeconds(10));
        assertThat(sep.stdout()).isEqualTo("out1\nout2\n");
        assertThat(sep.stderr()).isEqualTo("err1\n");
    }

    @Test
    void subprocessArgumentsArePassedVerbatimAndTimeoutsKill() throws Exception {
        Path script = dir.resolve("args");
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\npwd\n");
        script.toFile().setExecutable(true);
        ProcessRunner r = new ProcessRunner(Map.of("PATH", "/usr/bin:/bin"));
        ToolResult res = r.run(script.toString(), List.of("a b", "'q'", "", "$HOME"), dir, StreamMode.MERGED, Duration.ofSeconds(10));
        assertThat(res.merged()).isEqualTo("[a b]\n['q']\n[]\n[$HOME]\n" + dir.toRealPath() + "\n");
        ToolResult slow = r.run("/bin/sleep", List.of("30"), dir, StreamMode.MERGED, Duration.ofMillis(300));
        assertThat(slow.exitCode()).isEqualTo(ProcessRunner.TIMEOUT_EXIT);
        ToolResult absent = r.run(dir.resolve("nope").toString(), List.of(), dir, StreamMode.SEPARATE, Duration.ofSeconds(5));
        assertThat(absent.exitCode()).isNotZero();
    }

    @Test
    void registryKnowsBuiltinsAndRejectsUnknownNames() {
        BackendRegistry reg = new BackendRegistry();
        RunEnvironment env = new RunEnvironment(dir, dir, Map.of("PATH", "/nonexistent"));
        try (Backend q = reg.create("qemu", env)) {
            assertThat(q.isReference()).isTrue();
            assertThat(q.unavailableReason()).get().asString().contains("qemu-img not found");
        }
        try (Backend cli = reg.create("java-cli", env)) {
            ToolResult r = cli.run("qemu-img", List.of(), dir, StreamMode.MERGED, Duration.ofSeconds(5));
            assertThat(r.merged()).contains("java-cli has no launcher for qemu-img (bin/jqemu-img missing");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reg.create("nonsense", env))
                .hasMessageContaining("unknown implementation 'nonsense'");
    }
}
