package io.jiotests.engine.tools;

/**
 * A command-line front end of the engine ("qemu-img", "qemu-io"), found with
 * {@link java.util.ServiceLoader} so that the harness can run it in-process.
 */
public interface Tool {
    /** The name of the QEMU program this tool stands in for: "qemu-img" or "qemu-io". */
    String qemuName();

    /** Runs the tool with the arguments after the program name; returns the exit code. */
    int run(ToolContext ctx, String[] args);
}
