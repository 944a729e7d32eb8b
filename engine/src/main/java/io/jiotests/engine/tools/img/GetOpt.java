package io.jiotests.engine.tools.img;

import java.util.ArrayList;
import java.util.List;

/**
 * GNU getopt_long as qemu-img uses it: an option string with a leading ':' (missing arguments are
 * reported as ':'), argument permutation (options may follow operands until "--"), clustered short
 * options, "-fARG", "--long=ARG" / "--long ARG" and unambiguous abbreviations of long options.
 * {@link #optind()} follows glibc's rules exactly, because qemu-img names the offending option by
 * {@code argv[optind - 1]} in its error messages.
 */
final class GetOpt {
    /** A long option: its name, whether it takes an argument, and the value returned for it. */
    record LongOpt(String name, boolean hasArg, int val) {
    }

    /** Returned for an unknown option or an unexpected argument. */
    static final int UNKNOWN = '?';
    /** Returned when an option's argument is missing. */
    static final int MISSING = ':';
    static final int DONE = -1;

    private final String[] argv;
    private final String shortOpts;
    private final List<LongOpt> longOpts;
    private final boolean permute;
    private int optind = 1;
    private String nextchar = "";
    private int firstNonopt = 1;
    private int lastNonopt = 1;
    private String optarg;
    private char optopt;
    private String badLong;

    GetOpt(String[] argv, String shortOpts, List<LongOpt> longOpts) {
        this.argv = argv.clone();
        String so = shortOpts;
        boolean p = true;
        if (so.startsWith("+")) {
            p = false;
            so = so.substring(1);
        }
        if (so.startsWith(":")) {
            so = so.substring(1);
        }
        this.shortOpts = so;
        this.longOpts = longOpts;
        this.permute = p;
    }

    String optarg() {
        return optarg;
    }

    /** The option character of the last short-option error (getopt's optopt), else 0. */
    char optopt() {
        return optopt;
    }

    /** The long option element of the last long-option error ("--foo"), else null. */
    String badLong() {
        return badLong;
    }

    /**
     * The message glibc's getopt prints itself when the option string lacks the leading ':'
     * (qemu-img measure): "prog: invalid option -- 'x'" and its siblings.
     */
    String gnuMessage(int c) {
        String prog = argv[0];
        if (badLong != null) {
            String name = badLong.contains("=") ? badLong.substring(0, badLong.indexOf('=')) : badLong;
            if (c == MISSING) {
                return prog + ": option '" + name + "' requires an argument";
            }
            if (badLong.contains("=") && knownLong(name.substring(2))) {
                return prog + ": option '" + name + "' doesn't allow an argument";
            }
            return prog + ": unrecognized option '" + badLong + "'";
        }
        if (c == MISSING) {
            return prog + ": option requires an argument -- '" + optopt + "'";
        }
        return prog + ": invalid option -- '" + optopt + "'";
    }

    private boolean knownLong(String prefix) {
        for (LongOpt lo : longOpts) {
            if (lo.name().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    int optind() {
        return optind;
    }

    /** argv as permuted so far (qemu-img reads operands from argv[optind..] after the loop). */
    String[] argv() {
        return argv;
    }

    /** {@code argv[optind - 1]}: what qemu-img names in "unrecognized option '...'". */
    String lastArg() {
        return argv[optind - 1];
    }

    private boolean nonOption(int i) {
        return argv[i].length() < 2 || argv[i].charAt(0) != '-';
    }

    private void exchange() {
        // Move the non-options [firstNonopt, lastNonopt) after the options [lastNonopt, optind).
        List<String> nonopts = new ArrayList<>();
        List<String> opts = new ArrayList<>();
        for (int i = firstNonopt; i < lastNonopt; i++) {
            nonopts.add(argv[i]);
        }
        for (int i = lastNonopt; i < optind; i++) {
            opts.add(argv[i]);
        }
        int k = firstNonopt;
        for (String s : opts) {
            argv[k++] = s;
        }
        for (String s : nonopts) {
            argv[k++] = s;
        }
        firstNonopt += optind - lastNonopt;
        lastNonopt = optind;
    }

    /** The next option character / long option value, or {@link #DONE}. */
    int next() {
        optarg = null;
        optopt = 0;
        badLong = null;
        int argc = argv.length;
        if (nextchar.isEmpty()) {
            if (lastNonopt > optind) {
                lastNonopt = optind;
            }
            if (firstNonopt > optind) {
                firstNonopt = optind;
            }
            if (permute) {
                if (firstNonopt != lastNonopt && lastNonopt != optind) {
                    exchange();
                } else if (lastNonopt != optind) {
                    firstNonopt = optind;
                }
                while (optind < argc && nonOption(optind)) {
                    optind++;
                }
                lastNonopt = optind;
            }
            if (optind != argc && argv[optind].equals("--")) {
                optind++;
                if (firstNonopt != lastNonopt && lastNonopt != optind) {
                    exchange();
                } else if (firstNonopt == lastNonopt) {
                    firstNonopt = optind;
                }
                lastNonopt = argc;
                optind = argc;
            }
            if (optind == argc) {
                if (firstNonopt != lastNonopt) {
                    optind = firstNonopt;
                }
                return DONE;
            }
            if (nonOption(optind)) {
                // only reached without permutation
                return DONE;
            }
            String a = argv[optind];
            if (a.startsWith("--")) {
                return longOption(a.substring(2));
            }
            nextchar = a.substring(1);
        }
        char c = nextchar.charAt(0);
        nextchar = nextchar.substring(1);
        int idx = shortOpts.indexOf(c);
        if (nextchar.isEmpty()) {
            optind++;
        }
        if (idx < 0 || c == ':') {
            optopt = c;
            return UNKNOWN;
        }
        boolean takesArg = idx + 1 < shortOpts.length() && shortOpts.charAt(idx + 1) == ':';
        if (takesArg) {
            if (!nextchar.isEmpty()) {
                optarg = nextchar;
                optind++;
            } else if (optind == argc) {
                nextchar = "";
                optopt = c;
                return MISSING;
            } else {
                optarg = argv[optind++];
            }
            nextchar = "";
        }
        return c;
    }

    private int longOption(String body) {
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        LongOpt found = null;
        boolean ambiguous = false;
        for (LongOpt lo : longOpts) {
            if (lo.name().equals(name)) {
                found = lo;
                ambiguous = false;
                break;
            }
            if (lo.name().startsWith(name)) {
                if (found == null) {
                    found = lo;
                } else if (found.hasArg() != lo.hasArg() || found.val() != lo.val()) {
                    ambiguous = true;
                }
            }
        }
        optind++;
        nextchar = "";
        if (ambiguous || found == null) {
            badLong = "--" + body;
            return UNKNOWN;
        }
        if (eq >= 0) {
            if (!found.hasArg()) {
                badLong = "--" + body;
                return UNKNOWN;
            }
            optarg = body.substring(eq + 1);
        } else if (found.hasArg()) {
            if (optind < argv.length) {
                optarg = argv[optind++];
            } else {
                badLong = "--" + found.name();
                return MISSING;
            }
        }
        return found.val();
    }

    /** Operands left after the options: argv[optind..]. */
    List<String> operands() {
        List<String> r = new ArrayList<>();
        for (int i = optind; i < argv.length; i++) {
            r.add(argv[i]);
        }
        return r;
    }
}
