package io.jiotests.harness.backend;

import io.jiotests.engine.tools.Tool;
import io.jiotests.engine.tools.ToolContext;
import io.jiotests.harness.api.ToolResult;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine in-process: the {@link Tool}s found with ServiceLoader, keyed by {@link Tool#qemuName()}.
 * Standard output is block-buffered (4 KiB, flushed when full, on flush() and when the tool
 * returns) and standard error unbuffered, as a C program's stdio into a pipe, so the merged order
 * matches what {@code 2>&1} shows for QEMU.
 */
public final class JavaBackend implements Backend {

    /** Size of the stdout buffer, as glibc uses for a pipe. */
    static final int STDOUT_BUFFER = 4096;

    private final Map<String, Tool> tools = new HashMap<>();

    /** The engine's tools, found with ServiceLoader. */
    public JavaBackend() {
        this(ServiceLoader.load(Tool.class, JavaBackend.class.getClassLoader()));
    }

    /** Given tools (the first one for each qemuName wins). */
    public JavaBackend(Iterable<Tool> tools) {
        for (Tool t : tools) {
            this.tools.putIfAbsent(t.qemuName(), t);
        }
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public ToolResult run(String program, List<String> args, Path cwd, StreamMode mode, Duration timeout) {
        Tool tool = tools.get(program);
        OutputRecorder rec = new OutputRecorder();
        if (tool == null) {
            rec.note("jiotests: engine has no Tool for " + program + " yet (none in META-INF/services)\n");
            return finish(rec, ProcessRunner.NOT_FOUND_EXIT, mode);
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(rec.stdout(), STDOUT_BUFFER), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(rec.stderr(), true, StandardCharsets.UTF_8);
        ToolContext ctx = new ToolContext(out, err, cwd, System.getenv());
        AtomicInteger rc = new AtomicInteger(-1);
        Thread worker = Thread.ofVirtual().name("jiotests-" + program).unstarted(() -> {
            try {
                rc.set(tool.run(ctx, args.toArray(String[]::new)));
            } catch (Throwable t) {
                out.flush();
                StringWriter sw = new StringWriter();
                t.printStackTrace(new PrintWriter(sw));
                rec.note("jiotests: " + program + " threw " + sw);
                rc.set(1);
            } finally {
                out.flush();
                err.flush();
            }
        });
        worker.start();
        try {
            if (!worker.join(timeout)) {
                worker.interrupt();
                rec.note("jiotests: " + program + " did not return within the timeout of " + timeout.toSeconds() + " s\n");
                return finish(rec, ProcessRunner.TIMEOUT_EXIT, mode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rec.note("jiotests: interrupted while running " + program + "\n");
            return finish(rec, ProcessRunner.TIMEOUT_EXIT, mode);
        }
        return finish(rec, rc.get(), mode);
    }

    private static ToolResult finish(OutputRecorder rec, int rc, StreamMode mode) {
        ToolResult r = rec.result(rc);
        if (mode == StreamMode.MERGED) {
            return new ToolResult(rc, r.merged(), "", r.merged());
        }
        return r;
    }
}
