package io.jiotests.engine.tools.io;

import io.jiotests.engine.block.BlockBackend;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatusQuery;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.block.ReopenTransaction;
import io.jiotests.engine.tools.io.QemuIoFormat.NumberException;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * qemu-io's image-level commands: flush, aio_flush, map, alloc, length, info, open, close,
 * reopen, truncate, help, quit, sleep, and the process-level abort / sigraise. The blkdebug
 * breakpoint commands report that the image has no breakpoint support, as qemu-io does for a
 * graph without a blkdebug node.
 */
final class ImageCommands {
    /** BDRV_MAX_LENGTH: the largest image size the block layer accepts. */
    private static final long MAX_LENGTH = 9223372035781033984L;
    private final QemuIoSession s;
    private final PrintStream out;

    ImageCommands(QemuIoSession session) {
        this.s = session;
        this.out = session.out();
    }

    boolean run(CommandTable.Command cmd, String[] args) {
        try {
            return switch (cmd.name()) {
                case "flush" -> flush();
                case "aio_flush" -> {
                    s.aio().drain();
                    yield true;
                }
                case "map" -> map();
                case "alloc" -> alloc(args);
                case "length" -> length();
                case "info" -> info();
                case "open" -> open(cmd, args);
                case "close" -> {
                    s.closeImage();
                    yield true;
                }
                case "reopen" -> reopen(cmd, args);
                case "truncate" -> truncate(cmd, args);
                case "help" -> help(args);
                case "quit" -> {
                    s.requestQuit();
                    yield true;
                }
                case "sleep" -> sleep(args[0]);
                case "abort" -> exitWith(134);
                case "sigraise" -> sigraise(args[0]);
                case "break", "remove_break", "resume", "wait_break" ->
                        new BreakpointCommands(s).run(cmd.name(), args);
                default -> throw new IllegalStateException("no handler for " + cmd.name());
            };
        } catch (BlockException e) {
            s.err().println("qemu-io: " + e.getMessage());
            return false;
        }
    }

    private boolean exitWith(int code) {
        s.exitWith(code);
        return true;
    }

    private boolean sigraise(String arg) {
        long sig;
        try {
            sig = QemuIoFormat.cvtnum(arg, s.err());
        } catch (NumberException e) {
            out.println(e.getMessage());
            return false;
        }
        // SIGCHLD, SIGCONT, SIGURG and SIGWINCH are ignored by default; the others end the process
        if (sig == 17 || sig == 18 || sig == 23 || sig == 28 || sig == 0) {
            return true;
        }
        return exitWith((int) (128 + sig));
    }

    private boolean flush() throws BlockException {
        s.blk().flush();
        return true;
    }

    private boolean sleep(String arg) {
        long ms;
        try {
            ms = Long.decode(arg);
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 0) {
            out.println(arg + " is not a valid number");
            return false;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private boolean length() {
        try {
            out.println(QemuIoFormat.size(s.blk().length()));
            return true;
        } catch (BlockException e) {
            out.println("getlength: " + e.errno().text());
            return false;
        }
    }

    private boolean alloc(String[] args) {
        long offset;
        long count = 512;
        try {
            offset = QemuIoFormat.cvtnum(args[0], s.err());
            if (args.length == 2) {
                count = QemuIoFormat.cvtnum(args[1], s.err());
            }
        } catch (NumberException e) {
            out.println(e.getMessage());
            return false;
        }
        long start = offset;
        long remaining = count;
        long allocated = 0;
        BlockNode bs = s.blk().root();
        while (remaining > 0) {
            BlockStatusQuery.Allocation a;
            try {
                a = BlockStatusQuery.isAllocated(bs, offset, remaining);
            } catch (BlockException e) {
                out.println("is_allocated failed: " + e.errno().text());
                return false;
            }
            long n = a.bytes();
            offset += n;
            remaining -= n;
            if (a.allocated()) {
                allocated += n;
            }
            if (n == 0) {
                count -= remaining;
                remaining = 0;
            }
        }
        out.println(allocated + "/" + count + " bytes allocated at offset " + QemuIoFormat.size(start));
        return true;
    }

    private boolean map() {
        BlockNode bs = s.blk().root();
        long bytes;
        try {
            bytes = s.blk().length();
        } catch (BlockException e) {
            s.err().println("qemu-io: Failed to query image length: " + e.errno().text());
            return false;
        }
        long offset = 0;
        while (bytes > 0) {
            boolean first;
            long total;
            try {
                BlockStatusQuery.Allocation a = BlockStatusQuery.isAllocated(bs, offset, bytes);
                first = a.allocated();
                total = a.bytes();
                long pos = offset + a.bytes();
                long left = bytes - a.bytes();
                while (left > 0 && a.bytes() > 0) {
                    a = BlockStatusQuery.isAllocated(bs, pos, left);
                    if (a.allocated() != first || a.bytes() == 0) {
                        break;
                    }
                    total += a.bytes();
                    pos += a.bytes();
                    left -= a.bytes();
                }
            } catch (BlockException e) {
                s.err().println("qemu-io: Failed to get allocation status: " + e.errno().text());
                return false;
            }
            if (total == 0) {
                s.err().println("qemu-io: Unexpected end of image");
                return false;
            }
            out.printf(Locale.ROOT, "%s (0x%x) bytes %s at offset %s (0x%x)%n", QemuIoFormat.size(total), total,
                    first ? "    allocated" : "not allocated", QemuIoFormat.size(offset), offset);
            offset += total;
            bytes -= total;
        }
        return true;
    }

    private boolean info() throws BlockException {
        BlockNode bs = s.blk().root();
        out.println("format name: " + bs.driver().name());
        if (!bs.hasDriverInfo()) {
            return false; // bdrv_get_info fails with ENOTSUP: qemu-io prints nothing more
        }
        out.println("cluster size: " + QemuIoFormat.size(bs.clusterSize()));
        out.println("vm state offset: " + QemuIoFormat.size(bs.vmStateOffset()));
        Map<String, Object> specific = bs.formatSpecificInfo();
        if (specific != null) {
            out.println("Format specific information:");
            dump(specific, 4);
        }
        return true;
    }

    /** bdrv_image_info_specific_dump(): "key: value" lines, nested values indented further. */
    private void dump(Object value, int indent) {
        String pad = " ".repeat(indent);
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey()).replace('-', ' ');
                Object v = e.getValue();
                if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    out.println(pad + key + ":");
                    dump(v, indent + 4);
                } else {
                    out.println(pad + key + ": " + v);
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    out.println(pad + "[" + i + "]:");
                    dump(v, indent + 4);
                } else {
                    out.println(pad + "[" + i + "]: " + v);
                }
            }
        }
    }

    private boolean open(CommandTable.Command cmd, String[] args) {
        Getopt g = new Getopt(cmd.name(), args, "snCro:ki:t:d:U", s.err());
        boolean readOnly = false;
        boolean forceShare = false;
        boolean unmap = true;
        CacheMode cache = CacheMode.WRITETHROUGH;
        boolean snapshot = false;
        Map<String, String> opts = new LinkedHashMap<>();
        int c;
        while ((c = g.next()) != Getopt.END) {
            switch (c) {
                case 'r' -> readOnly = true;
                case 'n' -> cache = CacheMode.NONE;
                case 'U' -> forceShare = true;
                case 's' -> snapshot = true;
                case 'C', 'k' -> { }
                case 'i' -> {
                    String m = g.optarg();
                    if (!m.equals("threads") && !m.equals("native") && !m.equals("io_uring")) {
                        s.err().println("qemu-io: Invalid aio option: " + m);
                        return false;
                    }
                }
                case 't' -> {
                    try {
                        cache = CacheMode.parse(g.optarg());
                    } catch (BlockException e) {
                        s.err().println("qemu-io: " + e.getMessage());
                        return false;
                    }
                }
                case 'd' -> {
                    String d = g.optarg();
                    switch (d) {
                        case "unmap", "on" -> unmap = true;
                        case "ignore", "off" -> unmap = false;
                        default -> {
                            s.err().println("qemu-io: Invalid discard option: " + d);
                            return false;
                        }
                    }
                }
                case 'o' -> {
                    try {
                        opts.putAll(s.parseOptions(g.optarg()));
                    } catch (BlockException e) {
                        s.err().println("qemu-io: " + e.getMessage());
                        return false;
                    }
                }
                default -> {
                    return s.usage(cmd);
                }
            }
        }
        List<String> ops = g.operands();
        if (ops.size() > 1) {
            return s.usage(cmd);
        }
        OpenFlags flags = new OpenFlags(!readOnly, cache, false, forceShare, unmap, false, false);
        s.setTemporarySnapshot(snapshot);
        return s.openImage(ops.isEmpty() ? null : ops.get(0), opts, flags);
    }

    private boolean reopen(CommandTable.Command cmd, String[] args) throws BlockException {
        Getopt g = new Getopt(cmd.name(), args, "c:o:rw", s.err());
        BlockBackend blk = s.blk();
        OpenFlags flags = blk.root().flags();
        Boolean writable = null;
        int c;
        while ((c = g.next()) != Getopt.END) {
            switch (c) {
                case 'c' -> flags = flags.withCache(CacheMode.parse(g.optarg()));
                case 'o' -> {
                    Map<String, String> o = s.parseOptions(g.optarg());
                    if (!o.isEmpty()) {
                        s.err().println("qemu-io: Cannot change the option '" + o.keySet().iterator().next() + "'");
                        return false;
                    }
                }
                case 'r', 'w' -> {
                    if (writable != null) {
                        s.err().println("qemu-io: Only one -r/-w option may be given");
                        return false;
                    }
                    writable = c == 'w';
                }
                default -> {
                    return s.usage(cmd);
                }
            }
        }
        if (!g.operands().isEmpty()) {
            return s.usage(cmd);
        }
        if (writable != null) {
            flags = flags.withWritable(writable);
        }
        ReopenTransaction t = blk.root().reopenPrepare(flags);
        t.commit();
        return true;
    }

    private boolean truncate(CommandTable.Command cmd, String[] args) throws BlockException {
        Getopt g = new Getopt(cmd.name(), args, "m:", s.err());
        Preallocation prealloc = Preallocation.OFF;
        int c;
        while ((c = g.next()) != Getopt.END) {
            if (c == 'm') {
                try {
                    prealloc = Preallocation.parse(g.optarg());
                } catch (BlockException e) {
                    s.err().println("qemu-io: Invalid preallocation mode '" + g.optarg() + "'");
                    return false;
                }
            } else {
                return s.usage(cmd);
            }
        }
        if (g.operands().size() != 1) {
            return s.usage(cmd);
        }
        long size;
        try {
            size = QemuIoFormat.cvtnum(g.operands().get(0), s.err());
        } catch (NumberException e) {
            out.println(e.getMessage());
            return false;
        }
        if (size > MAX_LENGTH) {
            s.err().println("qemu-io: offset(" + size + ") exceeds maximum(" + MAX_LENGTH + ")");
            return false;
        }
        s.blk().truncate(size, false, prealloc);
        return true;
    }

    private boolean help(String[] args) {
        if (args.length == 0) {
            for (CommandTable.Command c : CommandTable.COMMANDS) {
                out.println(CommandTable.oneline(c));
            }
            out.println();
            out.println("Use 'help commandname' for extended help.");
            return true;
        }
        CommandTable.Command c = CommandTable.find(args[0]);
        if (c == null) {
            out.println("command " + args[0] + " not found");
            return false;
        }
        out.println(CommandTable.oneline(c));
        if (c.help() != null) {
            out.print(c.help());
        }
        return true;
    }
}
