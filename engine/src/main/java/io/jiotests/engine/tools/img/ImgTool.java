package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.tools.Tool;
import io.jiotests.engine.tools.ToolContext;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * jqemu-img: qemu-img's command line (7.2) on the Java block layer. Parses the global options,
 * dispatches to the subcommand classes and turns every failure into qemu-img's
 * "qemu-img: message" on stderr with its exit code; it never lets a Java exception escape.
 */
public final class ImgTool implements Tool {

    /** A subcommand: parses its own arguments (argv[0] is its name) and returns the exit code. */
    interface Command {
        int run(ImgEnv env, String[] argv) throws Exception;
    }

    private static final Map<String, Function<ImgEnv, Command>> COMMANDS = Map.ofEntries(
            Map.entry("create", e -> new ImgCreate()),
            Map.entry("info", e -> new ImgInfo()),
            Map.entry("map", e -> new ImgMap()),
            Map.entry("check", e -> new ImgCheck()),
            Map.entry("compare", e -> new ImgCompare()),
            Map.entry("convert", e -> new ImgConvert()),
            Map.entry("resize", e -> new ImgResize()),
            Map.entry("dd", e -> new ImgDd()),
            Map.entry("snapshot", e -> new ImgSnapshot()),
            Map.entry("rebase", e -> new ImgRebase()),
            Map.entry("commit", e -> new ImgCommit()),
            Map.entry("amend", e -> new ImgAmend()),
            Map.entry("bench", e -> new ImgBench()),
            Map.entry("measure", e -> new ImgMeasure()),
            Map.entry("bitmap", e -> new ImgBitmap()));

    @Override
    public String qemuName() {
        return "qemu-img";
    }

    @Override
    public int run(ToolContext ctx, String[] args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "qemu-img";
        System.arraycopy(args, 0, argv, 1, args.length);
        ImgEnv env = null;
        try {
            env = new ImgEnv(ctx, DriverRegistry.loadDefault());
            ObjectOption.CURRENT_REGISTRY.set(env.registry());
            return dispatch(env, argv);
        } catch (ObjectOption.Listing e) {
            ctx.out().print(e.getMessage());
            return 0;
        } catch (HelpRequested e) {
            ImgHelp.printHelp(ctx.out(), env.registry());
            return 0;
        } catch (ImgError e) {
            return reportError(ctx, e);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            ctx.err().print("qemu-img: " + msg + "\n");
            return 1;
        } finally {
            ObjectOption.CURRENT_REGISTRY.remove();
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    static int reportError(ToolContext ctx, ImgError e) {
        ctx.out().flush();
        StringBuilder sb = new StringBuilder();
        sb.append("qemu-img: ").append(e.getMessage());
        if (e.newline()) {
            sb.append('\n');
        }
        if (e.hint()) {
            sb.append("Try 'qemu-img --help' for more information\n");
        }
        ctx.err().print(sb);
        return e.exitCode();
    }

    private int dispatch(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, "+:hVT:", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("version", false, 'V'),
                new GetOpt.LongOpt("trace", true, 'T')));
        if (argv.length < 2) {
            throw ImgError.usage("Not enough arguments");
        }
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case ':' -> throw ImgError.usage("missing argument for option '" + g.lastArg() + "'");
                case '?' -> throw ImgError.usage("unrecognized option '" + g.lastArg() + "'");
                case 'h' -> {
                    ImgHelp.printHelp(env.out(), env.registry());
                    return 0;
                }
                case 'V' -> {
                    ImgHelp.printVersion(env.out());
                    return 0;
                }
                case 'T' -> {
                    // tracing is not implemented; qemu warns about unknown events only
                }
                default -> throw new IllegalStateException();
            }
        }
        List<String> rest = g.operands();
        if (rest.isEmpty()) {
            throw ImgError.usage("Not enough arguments");
        }
        String name = rest.get(0);
        Function<ImgEnv, Command> f = COMMANDS.get(name);
        if (f == null) {
            throw ImgError.usage("Command not found: " + name);
        }
        return f.apply(env).run(env, rest.toArray(String[]::new));
    }
}
