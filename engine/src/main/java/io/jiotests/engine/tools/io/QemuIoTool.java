package io.jiotests.engine.tools.io;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.CacheMode;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.tools.Tool;
import io.jiotests.engine.tools.ToolContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jqemu-io: qemu-io's command line ({@code qemu-io [OPTIONS]... [-c STRING]... [file]}). Opens the
 * image, runs each -c command (or reads commands from standard input when there are none) and
 * exits 1 if any command failed, as qemu-io 7.2 does.
 */
public final class QemuIoTool implements Tool {
    private static final String USAGE = """
            Usage: qemu-io [OPTIONS]... [-c STRING]... [file]
            QEMU Disk exerciser

              --object OBJECTDEF   define an object such as 'secret' for
                                   passwords and/or encryption keys
              --image-opts         treat file as option string
              -c, --cmd STRING     execute command with its arguments
                                   from the given string
              -f, --format FMT     specifies the block driver to use
              -r, --read-only      export read-only
              -s, --snapshot       use snapshot file
              -n, --nocache        disable host cache, short for -t none
              -C, --copy-on-read   enable copy-on-read
              -m, --misalign       misalign allocations for O_DIRECT
              -k, --native-aio     use kernel AIO implementation
                                   (Linux only, prefer use of -i)
              -i, --aio=MODE       use AIO mode (threads, native or io_uring)
              -t, --cache=MODE     use the given cache mode for the image
              -d, --discard=MODE   use the given discard mode for the image
              -T, --trace [[enable=]<pattern>][,events=<file>][,file=<file>]
                                   specify tracing options
                                   see qemu-img(1) man page for full description
              -U, --force-share    force shared permissions
              -h, --help           display this help and exit
              -V, --version        output version information and exit

            See 'qemu-io -c help' for information on available commands.

            See <https://qemu.org/contribute/report-a-bug> for how to report bugs.
            More information on the QEMU project at <https://qemu.org>.
            """;
    private static final String SHORT_OPTS = "hVc:d:f:rsnCmki:t:T:U";
    private static final Map<String, Character> LONG_OPTS = Map.ofEntries(
            Map.entry("help", 'h'), Map.entry("version", 'V'), Map.entry("cmd", 'c'),
            Map.entry("discard", 'd'), Map.entry("format", 'f'), Map.entry("read-only", 'r'),
            Map.entry("snapshot", 's'), Map.entry("nocache", 'n'), Map.entry("copy-on-read", 'C'),
            Map.entry("misalign", 'm'), Map.entry("native-aio", 'k'), Map.entry("aio", 'i'),
            Map.entry("cache", 't'), Map.entry("trace", 'T'), Map.entry("force-share", 'U'),
            Map.entry("object", 'O'), Map.entry("image-opts", 'I'));

    @Override
    public String qemuName() {
        return "qemu-io";
    }

    @Override
    public int run(ToolContext ctx, String[] args) {
        try {
            return runChecked(ctx, args);
        } catch (RuntimeException e) {
            ctx.err().println("qemu-io: internal error: " + e);
            return 1;
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    private int runChecked(ToolContext ctx, String[] args) {
        List<String> commands = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        String format = null;
        boolean readOnly = false;
        boolean imageOpts = false;
        boolean forceShare = false;
        boolean copyOnRead = false;
        boolean temporarySnapshot = false;
        CacheMode cache = CacheMode.WRITETHROUGH;
        boolean unmap = true;
        List<String> operands = new ArrayList<>();
        List<String> expanded = expandLongOptions(args, ctx);
        if (expanded == null) {
            ctx.out().print(USAGE);
            return 1;
        }
        Getopt g = new Getopt("qemu-io", expanded.toArray(new String[0]), SHORT_OPTS + "O:I", ctx.err());
        int c;
        while ((c = g.next()) != Getopt.END) {
            switch (c) {
                case 'h' -> {
                    ctx.out().print(USAGE);
                    return 0;
                }
                case 'V' -> {
                    ctx.out().println("qemu-io version 7.2.22 (jiotests)");
                    ctx.out().println("Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers");
                    return 0;
                }
                case 'c' -> commands.add(g.optarg());
                case 'f' -> format = g.optarg();
                case 'r' -> readOnly = true;
                case 'n' -> cache = CacheMode.NONE;
                case 'U' -> forceShare = true;
                case 'I' -> imageOpts = true;
                case 'd' -> {
                    String d = g.optarg();
                    switch (d) {
                        case "unmap", "on" -> unmap = true;
                        case "ignore", "off" -> unmap = false;
                        default -> {
                            ctx.err().println("qemu-io: Invalid discard option: " + d);
                            return 1;
                        }
                    }
                }
                case 't' -> {
                    try {
                        cache = CacheMode.parse(g.optarg());
                    } catch (BlockException e) {
                        ctx.err().println("qemu-io: " + e.getMessage());
                        return 1;
                    }
                }
                case 'i' -> {
                    String mode = g.optarg();
                    if (!mode.equals("threads") && !mode.equals("native") && !mode.equals("io_uring")) {
                        ctx.err().println("qemu-io: Invalid aio option: " + mode);
                        return 1;
                    }
                }
                case 's' -> temporarySnapshot = true;
                case 'C' -> copyOnRead = true;
                case 'O' -> objects.add(g.optarg());
                case 'm', 'k', 'T' -> {
                    // misalignment, kernel AIO and tracing change nothing visible here
                }
                default -> {
                    ctx.out().print(USAGE);
                    return 1;
                }
            }
        }
        operands.addAll(g.operands());
        if (operands.size() > 1) {
            ctx.out().print(USAGE);
            return 1;
        }
        if (format != null && imageOpts) {
            ctx.err().println("qemu-io: --image-opts and -f are mutually exclusive");
            return 1;
        }
        QemuIoSession session = new QemuIoSession(ctx);
        for (String def : objects) {
            String error = io.jiotests.engine.tools.img.ObjectOption.define(def, session.registry());
            if (error != null) {
                ctx.err().println("qemu-io: " + error);
                return 1;
            }
        }
        if (!operands.isEmpty()) {
            OpenFlags flags = new OpenFlags(!readOnly, cache, false, forceShare, unmap, false, false);
            String name = operands.get(0);
            Map<String, String> opts = new LinkedHashMap<>();
            if (imageOpts) {
                try {
                    opts = io.jiotests.engine.block.BlockOpener.parseImageOpts(name, ctx.err(), "qemu-io: ");
                } catch (BlockException e) {
                    ctx.err().println("qemu-io: " + e.getMessage());
                    return 1;
                }
                name = null;
            } else if (format != null) {
                opts.put("driver", format);
            }
            if (copyOnRead && readOnly) {
                ctx.err().println("qemu-io: can't open" + (name != null ? " device " + name : "")
                        + ": Can't use copy-on-read on read-only device");
                return 1;
            }
            session.setCopyOnRead(copyOnRead);
            session.setTemporarySnapshot(temporarySnapshot);
            if (!session.openImage(name, opts, flags)) {
                return 1;
            }
        }
        try {
            if (commands.isEmpty()) {
                interactive(session);
            } else {
                for (String cmd : commands) {
                    if (!session.execute(cmd)) {
                        break;
                    }
                }
            }
        } finally {
            if (session.exitOverride() >= 0) {
                session.abandonBitmaps();
            }
            session.closeImage();
        }
        if (session.exitOverride() >= 0) {
            return session.exitOverride();
        }
        return session.failed() ? 1 : 0;
    }

    /** Reads commands from standard input with qemu-io's prompt until EOF or quit. */
    private static void interactive(QemuIoSession session) {
        BufferedReader in = new BufferedReader(new InputStreamReader(session.ctx().in(), StandardCharsets.UTF_8));
        try {
            while (true) {
                session.ctx().out().print("qemu-io> ");
                session.ctx().out().flush();
                String line = in.readLine();
                if (line == null || !session.execute(line)) {
                    break;
                }
            }
        } catch (IOException e) {
            session.ctx().err().println("qemu-io: " + e.getMessage());
        }
    }

    /** Turns --name[=value] into the short options; null after an unknown long option. */
    private static List<String> expandLongOptions(String[] args, ToolContext ctx) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                for (; i < args.length; i++) {
                    out.add(args[i]);
                }
                break;
            }
            if (!a.startsWith("--")) {
                out.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Character c = LONG_OPTS.get(name);
            if (c == null) {
                ctx.err().println("qemu-io: unrecognized option '" + a + "'");
                return null;
            }
            boolean takesArg = SHORT_OPTS.indexOf(c + ":") >= 0 || c == 'O';
            if (takesArg) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        ctx.err().println("qemu-io: option '--" + name + "' requires an argument");
                        return null;
                    }
                    value = args[++i];
                }
                out.add("-" + c);
                out.add(value);
            } else {
                if (value != null) {
                    ctx.err().println("qemu-io: option '--" + name + "' doesn't allow an argument");
                    return null;
                }
                out.add("-" + c);
            }
        }
        return out;
    }
}
