package io.jiotests.engine.tools.io;

import io.jiotests.engine.block.BlockBackend;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.tools.ToolContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One qemu-io run: the open image (if any), outstanding aio requests, and whether a command has
 * failed. {@link #execute} splits a command line, checks it as qemu-io does (known command, open
 * image, write permission, argument count) and runs it.
 */
final class QemuIoSession {
    private final ToolContext ctx;
    private final DriverRegistry registry = DriverRegistry.loadDefault();
    private final BlockOpener opener;
    private final AioQueue aio;
    private BlockBackend blk;
    private boolean failed;
    private boolean quit;
    private int exitOverride = -1;
    /** qemu-io -C: a copy-on-read filter goes on top of the image. */
    private boolean copyOnRead;
    /** qemu-io -s / open -s: writes go to a temporary qcow2 overlay. */
    private boolean temporarySnapshot;

    QemuIoSession(ToolContext ctx) {
        this.ctx = ctx;
        this.opener = new BlockOpener(registry, ctx.cwd(), ctx.err(), "qemu-io: ");
        this.aio = new AioQueue(ctx.out());
    }

    ToolContext ctx() {
        return ctx;
    }

    PrintStream out() {
        return ctx.out();
    }

    PrintStream err() {
        return ctx.err();
    }

    BlockBackend blk() {
        return blk;
    }

    AioQueue aio() {
        return aio;
    }

    DriverRegistry registry() {
        return registry;
    }

    boolean failed() {
        return failed;
    }

    void markFailed() {
        failed = true;
    }

    void requestQuit() {
        quit = true;
    }

    /** Ends the run at once with this exit status (abort, a fatal sigraise). */
    void exitWith(int status) {
        exitOverride = status;
        quit = true;
    }

    /** The exit status a command forced, or -1. */
    int exitOverride() {
        return exitOverride;
    }

    /** qemu-io -s: the next opens put a temporary overlay on the image. */
    void setTemporarySnapshot(boolean on) {
        temporarySnapshot = on;
    }

    void setCopyOnRead(boolean on) {
        copyOnRead = on;
    }

    /** openfile(): false (after printing qemu-io's error) when the image cannot be opened. */
    boolean openImage(String name, Map<String, String> opts, OpenFlags flags) {
        if (blk != null) {
            err().println("qemu-io: file open already, try 'help close'");
            return false;
        }
        try {
            io.jiotests.engine.block.BlockNode node = opener.open(name, null, opts,
                    temporarySnapshot ? flags.withWritable(false) : flags);
            if (temporarySnapshot) {
                try {
                    node = TemporaryOverlay.wrap(node, opener, registry, flags);
                } catch (BlockException e) {
                    node.close();
                    throw e;
                }
            }
            if (copyOnRead) {
                try {
                    node = new io.jiotests.engine.copyonread.CopyOnReadDriver().wrap(node);
                } catch (BlockException e) {
                    node.close();
                    throw e;
                }
            }
            blk = new BlockBackend(node);
            return true;
        } catch (BlockException e) {
            err().println("qemu-io: can't open" + (name != null ? " device " + name : "") + ": " + e.getMessage());
            return false;
        }
    }

    /** A simulated crash: persistent dirty bitmaps stay as they are on disk (marked in use). */
    void abandonBitmaps() {
        if (blk != null && blk.root().dirtyBitmaps() != null) {
            blk.root().dirtyBitmaps().abandon();
        }
        if (blk != null) {
            blk.root().abandon();
        }
    }

    /** Waits for outstanding aio, prints their completions and closes the image. */
    void closeImage() {
        io.jiotests.engine.blkdebug.BlkdebugRules debug = blk == null ? null : BreakpointCommands.find(blk.root());
        if (debug != null) {
            // QEMU would wait forever for a request still stopped at a breakpoint
            debug.releaseAll();
        }
        aio.drain();
        if (blk != null) {
            try {
                if (exitOverride < 0) { // a killed process flushes nothing
                    blk.flush();
                }
            } catch (BlockException e) {
                // bdrv_close ignores the result of its flush; the close below still runs
            }
            try {
                blk.close();
            } catch (BlockException e) {
                err().println("qemu-io: " + e.getMessage());
            }
            blk = null;
        }
        out().flush();
    }

    /** Runs one command line; false when the session should stop (quit). */
    boolean execute(String line) {
        String[] words = Arrays.stream(line.split(" ")).filter(w -> !w.isEmpty()).toArray(String[]::new);
        if (words.length == 0) {
            return !quit;
        }
        aio.printCompleted();
        if (!List.of("aio_write", "aio_read", "write", "writev").contains(words[0])) {
            // qemu-io submits aio requests without running its event loop; write and writev
            // run it from their request's first yield on (AioQueue.beginSynchronous)
            aio.poll();
        }
        if (!dispatch(words)) {
            failed = true;
        }
        io.jiotests.engine.blkdebug.BlkdebugRules debug = blk == null ? null : BreakpointCommands.find(blk.root());
        if (debug != null && (debug.hasBreakpoints() || debug.suspendedCount() > 0)) {
            debug.setConsole(out());
            aio.settle(debug::suspendedCount);
        }
        aio.printCompleted();
        out().flush();
        return !quit;
    }

    private boolean dispatch(String[] words) {
        CommandTable.Command cmd = CommandTable.find(words[0]);
        if (cmd == null) {
            err().println("command \"" + words[0] + "\" not found");
            return false;
        }
        if (!cmd.noFileOk() && blk == null) {
            err().println("no file open, try 'help open'");
            return false;
        }
        if (cmd.needsWrite() && !blk.isWritable()) {
            err().println("qemu-io: Block node is read-only");
            return false;
        }
        int argc = words.length - 1;
        if (argc < cmd.argMin() || (cmd.argMax() >= 0 && argc > cmd.argMax())) {
            String expected;
            if (cmd.argMax() < 0) {
                expected = "at least " + cmd.argMin() + " arguments";
            } else if (cmd.argMin() == cmd.argMax()) {
                expected = cmd.argMin() + " arguments";
            } else {
                expected = "between " + cmd.argMin() + " and " + cmd.argMax() + " arguments";
            }
            err().println("bad argument count " + argc + " to " + words[0] + ", expected " + expected);
            return false;
        }
        String[] args = Arrays.copyOfRange(words, 1, words.length);
        return switch (cmd.name()) {
            case "read" -> new ReadWriteCommands(this).read(cmd, args);
            case "write" -> new ReadWriteCommands(this).write(cmd, args);
            case "readv" -> new ReadWriteCommands(this).readv(cmd, args);
            case "writev" -> new ReadWriteCommands(this).writev(cmd, args);
            case "aio_read" -> new ReadWriteCommands(this).aioRead(cmd, args);
            case "aio_write" -> new ReadWriteCommands(this).aioWrite(cmd, args);
            case "discard" -> new ReadWriteCommands(this).discard(cmd, args);
            default -> new ImageCommands(this).run(cmd, args);
        };
    }

    /** qemuio_command_usage(): the one-line help, and a failure. */
    boolean usage(CommandTable.Command cmd) {
        out().println(CommandTable.oneline(cmd));
        return false;
    }

    /** Opens an image from the 'open' command. */
    boolean openFromCommand(String name, Map<String, String> opts, OpenFlags flags) {
        return openImage(name, opts, flags);
    }

    /** Parses -o text of 'open' / 'reopen'. */
    Map<String, String> parseOptions(String text) throws BlockException {
        return BlockOpener.parseImageOpts(text, err(), "qemu-io: ");
    }

    /** All the names, for 'help'. */
    static List<CommandTable.Command> commands() {
        return new ArrayList<>(CommandTable.COMMANDS);
    }
}
