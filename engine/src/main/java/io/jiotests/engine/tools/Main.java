package io.jiotests.engine.tools;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.ServiceLoader;

/**
 * The launchers' entry point: {@code Main qemu-img ARGS...} or {@code Main qemu-io ARGS...} runs the
 * {@link Tool} registered under that QEMU name in this process and exits with its status.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Main qemu-img|qemu-io [ARGS...]");
            System.exit(1);
        }
        if (args[0].equals("--aot-training")) {
            System.exit(AotTraining.run());
        }
        io.jiotests.engine.file.FileDriver.warmUpInBackground();
        Tool tool = find(args[0]);
        if (tool == null) {
            System.err.println("no tool named " + args[0] + " on the class path");
            System.exit(1);
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                java.nio.charset.StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                java.nio.charset.StandardCharsets.UTF_8);
        ToolContext ctx = new ToolContext(out, err, java.nio.file.Path.of("").toAbsolutePath(), System.getenv());
        int rc = tool.run(ctx, Arrays.copyOfRange(args, 1, args.length));
        out.flush();
        err.flush();
        System.exit(rc);
    }

    /** The tool registered with this QEMU program name, or null. */
    public static Tool find(String qemuName) {
        for (Tool t : ServiceLoader.load(Tool.class, Main.class.getClassLoader())) {
            if (t.qemuName().equals(qemuName)) {
                return t;
            }
        }
        return null;
    }
}
