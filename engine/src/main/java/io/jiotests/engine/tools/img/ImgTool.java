package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.tools.Tool;
import io.jiotests.engine.tools.ToolContext;
import java.util.List;

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

    /**
     * The subcommand named {@code name}, or null. A switch rather than a table of lambdas: each
     * lambda is a class the launchers' AOT cache loads at every start.
     */
    static Command command(String name) {
        return switch (name) {
            case "create" -> new ImgCreate();
            case "info" -> new ImgInfo();
            case "map" -> new ImgMap();
            case "check" -> new ImgCheck();
            case "compare" -> new ImgCompare();
            case "convert" -> new ImgConvert();
            case "resize" -> new ImgResize();
            case "dd" -> new ImgDd();
            case "snapshot" -> new ImgSnapshot();
            case "rebase" -> new ImgRebase();
            case "commit" -> new ImgCommit();
            case "amend" -> new ImgAmend();
            case "bench" -> new ImgBench();
            case "measure" -> new ImgMeasure();
            case "bitmap" -> new ImgBitmap();
            default -> null;
        };
    }

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
        Command command = command(name);
        if (command == null) {
            throw ImgError.usage("Command not found: " + name);
        }
        return command.run(env, rest.toArray(new String[0]));
    }
}
