package io.jiotests.engine.block;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Option values as given by the user (QemuOpts): an ordered name to text map, parsed from
 * {@code -o key=value,key2=value2} where ",," stands for a literal comma. Typed getters parse on
 * demand with qemu's rules and error texts.
 */
public final class OptionValues {
    private final LinkedHashMap<String, String> values = new LinkedHashMap<>();

    public OptionValues() {
    }

    public OptionValues(Map<String, String> initial) {
        values.putAll(initial);
    }

    /**
     * Parses {@code key=value,...} into {@code into}. A later value of the same key replaces the
     * earlier one, as qemu-img does when -o is repeated. A bare "help" or "?" is kept as key
     * "help" with value "on".
     */
    public static OptionValues parse(String text, OptionValues into) throws BlockException {
        int i = 0;
        int n = text.length();
        while (i < n) {
            StringBuilder key = new StringBuilder();
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != ',') {
                key.append(text.charAt(i++));
            }
            String value;
            if (i < n && text.charAt(i) == '=') {
                i++;
                StringBuilder v = new StringBuilder();
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == ',') {
                        if (i + 1 < n && text.charAt(i + 1) == ',') {
                            v.append(',');
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    v.append(c);
                    i++;
                }
                value = v.toString();
            } else {
                String k = key.toString();
                if (k.equals("help") || k.equals("?")) {
                    key = new StringBuilder("help");
                    value = "on";
                } else if (k.isEmpty()) {
                    throw new BlockException(Errno.EINVAL, "Invalid option list: '" + text + "'");
                } else {
                    // QemuOpts implies "on" for a bare flag, and "off" for "noflag"
                    value = "on";
                }
            }
            if (i < n && text.charAt(i) == ',') {
                i++;
            }
            if (key.isEmpty()) {
                throw new BlockException(Errno.EINVAL, "Invalid option list: '" + text + "'");
            }
            into.values.put(key.toString(), value);
        }
        return into;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name) {
        return values.get(name);
    }

    public String get(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    public OptionValues set(String name, String value) {
        values.put(name, value);
        return this;
    }

    public String remove(String name) {
        return values.remove(name);
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** A size option (k, M, G, T, P, E suffixes, binary multiples), or {@code dflt} if unset. */
    public long getSize(String name, long dflt) throws BlockException {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        long r = SizeParser.parse(v);
        if (r < 0) {
            throw new BlockException(Errno.EINVAL, "Parameter '" + name
                    + "' expects a non-negative number below 2^64\n"
                    + "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                    + "and exabytes, respectively.");
        }
        return r;
    }

    /** An on/off option, or {@code dflt} if unset. */
    public boolean getFlag(String name, boolean dflt) throws BlockException {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "on", "yes", "true", "y" -> true;
            case "off", "no", "false", "n" -> false;
            default -> throw new BlockException(Errno.EINVAL,
                    "Parameter '" + name + "' expects 'on' or 'off'");
        };
    }

    /** An unsigned number option, or {@code dflt} if unset. */
    public long getNumber(String name, long dflt) throws BlockException {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            long r = Long.decode(v.trim());
            if (r < 0) {
                throw new NumberFormatException();
            }
            return r;
        } catch (NumberFormatException e) {
            throw new BlockException(Errno.EINVAL, "Parameter '" + name + "' expects a number");
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
