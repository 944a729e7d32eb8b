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

    /** A warning line ("qemu-img: warning: ...") on stderr, after flushing stdout. */
    void warn(String message) {
        ctx.out().flush();
        ctx.err().print("qemu-img: warning: " + message + "\n");
        ctx.err().flush();
    }

    /** An error_report line ("qemu-img: ...") that does not end the command. */
    void report(String message) {
        ctx.out().flush();
        ctx.err().print("qemu-img: " + message + "\n");
        ctx.err().flush();
    }
}
