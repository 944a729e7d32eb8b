package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionValues;
import java.math.BigInteger;

/**
 * The -o handling shared by create, convert, amend and measure: collecting repeated -o values,
 * validating the list syntax, detecting "help", and checking user values against a driver's
 * option schema with QemuOpts' error texts.
 */
final class CreateOpts {
    private CreateOpts() {
    }

    /** Appends one -o argument to the collected options (qemu-img joins them with ','). */
    static String accumulate(String collected, String optarg) throws ImgError {
        if (!validList(optarg)) {
            throw ImgError.report("Invalid option list: " + optarg);
        }
        return collected == null ? optarg : collected + "," + optarg;
    }

    /** qemu-img's is_valid_option_list(): non-empty, no empty element (",," escapes a comma). */
    static boolean validList(String s) {
        if (s.isEmpty() || s.startsWith(",")) {
            return false;
        }
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ',') {
                if (i + 1 < s.length() && s.charAt(i + 1) == ',') {
                    i += 2;
                    continue;
                }
                if (i + 1 == s.length() || s.charAt(i + 1) == ',') {
                    return false;
                }
            }
            i++;
        }
        return true;
    }

    /** has_help_option(): whether one element is "help" or "?". */
    static boolean hasHelp(String list) {
        if (list == null) {
            return false;
        }
        for (String el : list.split(",")) {
            if (el.equals("help") || el.equals("?")) {
                return true;
            }
        }
        return false;
    }

    /** The merged schema of a format and the protocol under it. */
    static OptionSchema merged(BlockDriver fmt, BlockDriver proto) {
        OptionSchema s = fmt.createOptions();
        if (proto != null && proto != fmt) {
            s = s.merge(proto.createOptions());
        }
        return s;
    }

    /**
     * Parses {@code list} into values checked against {@code schema}: unknown names and values of
     * the wrong type fail with QemuOpts' texts (without the filename prefix). Number and bool
     * values are stored the way qemu prints them back.
     */
    static OptionValues parse(String list, OptionSchema schema, OptionValues into) throws BlockException, ImgError {
        OptionValues raw = OptionValues.parse(list == null ? "" : list, new OptionValues());
        for (var e : raw.asMap().entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            OptionSpec spec = schema.find(name).orElse(null);
            if (spec == null) {
                throw ImgError.report("Invalid parameter '" + name + "'");
            }
            switch (spec.type()) {
                case SIZE -> {
                    SizeArg.Result r = SizeArg.parse(value);
                    if (r.range()) {
                        throw ImgError.report("Value '" + value + "' is out of range for parameter '" + name + "'");
                    }
                    if (!r.ok()) {
                        throw ImgError.report("Parameter '" + name
                                + "' expects a non-negative number below 2^64\n"
                                + "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                                + "and exabytes, respectively.");
                    }
                    value = Long.toString(r.value().longValue());
                }
                case FLAG -> {
                    if (!value.equals("on") && !value.equals("off") && !value.equals("true")
                            && !value.equals("false")) {
                        throw ImgError.report("Parameter '" + name + "' expects 'on' or 'off'");
                    }
                }
                case NUMBER -> {
                    BigInteger n = parseU64(value);
                    if (n == null) {
                        throw ImgError.report("Parameter '" + name + "' expects a number");
                    }
                    value = Long.toString(n.longValue());
                }
                default -> {
                }
            }
            into.set(name, value);
        }
        return into;
    }

    /** qemu_strtou64 with base 0: decimal, 0x hex or 0 octal; "-N" wraps around. */
    static BigInteger parseU64(String s) {
        String t = s.strip();
        boolean neg = false;
        if (t.startsWith("-")) {
            neg = true;
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return null;
        }
        try {
            BigInteger v;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                v = new BigInteger(t.substring(2), 16);
            } else if (t.length() > 1 && t.startsWith("0")) {
                v = new BigInteger(t.substring(1), 8);
            } else {
                v = new BigInteger(t);
            }
            if (v.bitLength() > 64) {
                return null;
            }
            if (neg) {
                v = BigInteger.ONE.shiftLeft(64).subtract(v).mod(BigInteger.ONE.shiftLeft(64));
            }
            return v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
