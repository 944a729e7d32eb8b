package io.jiotests.engine.tools.io;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * GNU getopt(3) as qemu-io's commands use it: short options with "x:" taking an argument, options
 * and operands may be mixed (operands are permuted to the end), "--" ends the options. Errors
 * are printed as glibc does ("read: invalid option -- 'x'") and returned as '?'.
 */
final class Getopt {
    static final int END = -1;

    private final String name;
    private final String[] args;
    private final String spec;
    private final PrintStream err;
    private final List<String> operands = new ArrayList<>();
    private int index;
    private int charPos;
    private String optarg;

    /** @param args the arguments after the command name */
    Getopt(String name, String[] args, String spec, PrintStream err) {
        this.name = name;
        this.args = args;
        this.spec = spec;
        this.err = err;
    }

    /** The argument of the option just returned. */
    String optarg() {
        return optarg;
    }

    /** The next option character, '?' after an error (already reported), or END. */
    int next() {
        optarg = null;
        while (charPos == 0) {
            if (index >= args.length) {
                return END;
            }
            String a = args[index];
            if (a.equals("--")) {
                index++;
                while (index < args.length) {
                    operands.add(args[index++]);
                }
                return END;
            }
            if (a.length() > 1 && a.charAt(0) == '-') {
                charPos = 1;
                break;
            }
            operands.add(a);
            index++;
        }
        String a = args[index];
        char c = a.charAt(charPos++);
        int at = c == ':' ? -1 : spec.indexOf(c);
        boolean last = charPos >= a.length();
        if (at < 0) {
            err.println(name + ": invalid option -- '" + c + "'");
            advanceIf(last);
            return '?';
        }
        boolean takesArg = at + 1 < spec.length() && spec.charAt(at + 1) == ':';
        if (!takesArg) {
            advanceIf(last);
            return c;
        }
        if (!last) {
            optarg = a.substring(charPos);
            index++;
            charPos = 0;
            return c;
        }
        index++;
        charPos = 0;
        if (index >= args.length) {
            err.println(name + ": option requires an argument -- '" + c + "'");
            return '?';
        }
        optarg = args[index++];
        return c;
    }

    private void advanceIf(boolean last) {
        if (last) {
            index++;
            charPos = 0;
        }
    }

    /** The operands, in order, once next() returned END. */
    List<String> operands() {
        return operands;
    }
}
