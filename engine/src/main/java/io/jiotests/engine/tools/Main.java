package io.jiotests.engine.tools;

import io.jiotests.engine.tools.img.ImgTool;
import io.jiotests.engine.tools.io.QemuIoTool;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ServiceLoader;

/**
 * The launchers' entry point: {@code Main qemu-img ARGS...} or {@code Main qemu-io ARGS...} runs the
 * {@link Tool} registered under that QEMU name in this process and exits with its status.
 *
 * <p>Start-up matters here (bin/jqemu-img info should take a few tens of milliseconds): the libc
 * bindings every image open needs are created on a background thread first, the two built-in
 * tools are instantiated directly instead of scanning the class path for service files, and so
 * are the block drivers when the launcher says its class path holds no other providers
 * ({@value #DRIVERS_PROPERTY}={@code builtin}); the process ends with {@link Runtime#halt} once
 * both streams are flushed ({@link System#exit} initialises the System.Logger machinery to log
 * the exit; the tools register no shutdown hooks).
 */
public final class Main {
    /** Set to {@code builtin} by bin/jqemu-env.sh: the drivers are the engine's own ({@link BuiltInDrivers}). */
    static final String DRIVERS_PROPERTY = "jiotests.drivers";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Main qemu-img|qemu-io [ARGS...]");
            System.exit(1);
        }
        // the trainings end as a tool run ends (exit below): System.exit would put its logging
        // classes into the caches, which load every class they hold at each start
        if (args[0].equals("--aot-training")) {
            exit(AotTraining.run(args.length > 1 ? Path.of(args[1]) : null));
        }
        if (args[0].equals("--aot-training-start") && args.length > 1) {
            exit(AotTraining.runStart(Path.of(args[1])));
        }
        exit(runTool(args));
    }

    /**
     * Runs {@code args[0]} (qemu-img or qemu-io) with the rest of {@code args} on this process's
     * standard streams and returns its exit status; this is the whole launcher path, which the
     * AOT training also takes.
     */
    static int runTool(String[] args) {
        io.jiotests.engine.file.FileDriver.warmUpInBackground();
        if ("builtin".equals(System.getProperty(DRIVERS_PROPERTY))) {
            io.jiotests.engine.block.DriverRegistry.presetDefault(BuiltInDrivers.all());
        }
        Tool tool = find(args[0]);
        if (tool == null) {
            System.err.println("no tool named " + args[0] + " on the class path");
            return 1;
        }
        PrintStream out = stdout();
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        ToolContext ctx = new ToolContext(out, err, Path.of("").toAbsolutePath(), System.getenv());
        int rc = tool.run(ctx, Arrays.copyOfRange(args, 1, args.length));
        out.flush();
        err.flush();
        return rc;
    }

    private static PrintStream stdout() {
        Boolean tty = io.jiotests.engine.file.FileDriver.stdinAndStdoutAreTerminals();
        return standardOutput(new FileOutputStream(FileDescriptor.out), tty != null ? tty : consoleIsTerminal());
    }

    /**
     * Standard output buffered as C stdio buffers it, so that its order against the unbuffered
     * standard error is QEMU's: line by line on a terminal ({@code terminal}: standard input and
     * output both are), in 4 KiB blocks into a pipe or file (flushed when full, when the tool
     * flushes, as the progress output does, and at the end). The launchers' and the tool daemon's.
     */
    public static PrintStream standardOutput(java.io.OutputStream fd, boolean terminal) {
        if (terminal) {
            return new PrintStream(fd, true, StandardCharsets.UTF_8);
        }
        return new PrintStream(new java.io.BufferedOutputStream(fd, 4096), false, StandardCharsets.UTF_8);
    }

    private static boolean consoleIsTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Ends the process with {@code status} without running the exit logging of System.exit. */
    private static void exit(int status) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /**
     * The tool registered with this QEMU program name, or null: qemu-img and qemu-io are the
     * engine's own front ends; any other name is looked up among the Tool services on the class path.
     */
    public static Tool find(String qemuName) {
        switch (qemuName) {
            case "qemu-img" -> {
                return new ImgTool();
            }
            case "qemu-io" -> {
                return new QemuIoTool();
            }
            default -> {
                for (Tool t : ServiceLoader.load(Tool.class, Main.class.getClassLoader())) {
                    if (t.qemuName().equals(qemuName)) {
                        return t;
                    }
                }
                return null;
            }
        }
    }
}
