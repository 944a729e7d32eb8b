package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.tools.ToolContext;
import java.io.PrintStream;

/** What every subcommand needs: the tool context (streams, cwd) and the driver registry. */
record ImgEnv(ToolContext ctx, DriverRegistry registry) {

    PrintStream out() {
        return ctx.out();
    }

    PrintStream err() {
        return ctx.err();
    }

    /**
     * A warning line ("qemu-img: warning: ...") on stderr. Like QEMU's warn_report it does not flush
     * stdout: what qemu-img printed to a pipe before still sits in stdio's buffer and comes later.
     */
    void warn(String message) {
        ctx.err().print("qemu-img: warning: " + message + "\n");
        ctx.err().flush();
    }

    /** An error_report line ("qemu-img: ...") that does not end the command; stdout is not flushed. */
    void report(String message) {
        ctx.err().print("qemu-img: " + message + "\n");
        ctx.err().flush();
    }
}
