package io.jiotests.engine.block;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the {@code json:{...}} pseudo-filename into flattened options ("file.filename" for
 * {@code {"file":{"filename":...}}}), with the error texts qemu prints. Strings, numbers and
 * booleans ("on"/"off") become text; null becomes the empty string (as in {@code "backing": null},
 * meaning no backing file); arrays flatten with indexes ("a.0").
 */
public final class JsonOptions {
    private static final String PREFIX = "Could not parse the JSON options: ";
    private final String text;
    private int pos;
    private java.util.Set<String> numberKeys = new java.util.HashSet<>();

    private JsonOptions(String text) {
        this.text = text;
    }

    /** Parses the text after "json:". */
    public static Map<String, String> parse(String json) throws BlockException {
        return parse(json, new java.util.HashSet<>());
    }

    /**
     * As {@link #parse(String)}, adding to {@code numberKeys} the flattened keys whose value was a
     * JSON number (QEMU keeps those numbers when it prints the options back as JSON).
     */
    public static Map<String, String> parse(String json, java.util.Set<String> numberKeys) throws BlockException {
        JsonOptions p = new JsonOptions(json);
        p.numberKeys = numberKeys;
        p.skipSpace();
        if (p.pos >= json.length()) {
            throw new BlockException(Errno.EINVAL, PREFIX + "Expecting a JSON value");
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (p.peek() != '{') {
            p.value("", new LinkedHashMap<>());
            throw new BlockException(Errno.EINVAL, "Invalid JSON object given");
        }
        p.value("", out);
        p.skipSpace();
        if (p.pos < json.length()) {
            throw p.error("JSON parse error, expecting value");
        }
        return out;
    }

    private BlockException error(String msg) {
        return new BlockException(Errno.EINVAL, PREFIX + msg);
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private void need() throws BlockException {
        skipSpace();
        if (pos >= text.length()) {
            throw error("JSON parse error, premature EOI");
        }
    }

    private void value(String key, Map<String, String> out) throws BlockException {
        need();
        char c = peek();
        switch (c) {
            case '{' -> object(key, out);
            case '[' -> array(key, out);
            case '"', '\'' -> out.put(key, string());
            default -> {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos))
                        || "+-.".indexOf(text.charAt(pos)) >= 0)) {
                    pos++;
                }
                String word = text.substring(start, pos);
                if (word.isEmpty()) {
                    pos++;
                    throw error("JSON parse error, expecting value");
                }
                switch (word) {
                    case "true" -> out.put(key, "on");
                    case "false" -> out.put(key, "off");
                    case "null" -> out.put(key, "");
                    default -> {
                        if (!word.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                            throw error("JSON parse error, invalid keyword '" + word + "'");
                        }
                        out.put(key, word);
                        numberKeys.add(key);
                    }
                }
            }
        }
    }

    private void object(String prefix, Map<String, String> out) throws BlockException {
        pos++; // '{'
        need();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            need();
            char c = peek();
            if (c != '"' && c != '\'') {
                throw error(c == '}' ? "JSON parse error, expecting value" : "JSON parse error, key is not a string in dict");
            }
            String k = string();
            need();
            if (peek() != ':') {
                throw error("JSON parse error, missing : in object pair");
            }
            pos++;
            value(prefix.isEmpty() ? k : prefix + "." + k, out);
            need();
            c = peek();
            if (c == ',') {
                pos++;
                need();
                if (peek() == '}') {
                    throw error("JSON parse error, expecting value");
                }
            } else if (c == '}') {
                pos++;
                return;
            } else {
                throw error("JSON parse error, expected separator in dict");
            }
        }
    }

    private void array(String prefix, Map<String, String> out) throws BlockException {
        pos++; // '['
        need();
        if (peek() == ']') {
            pos++;
            return;
        }
        int index = 0;
        while (true) {
            value(prefix.isEmpty() ? String.valueOf(index) : prefix + "." + index, out);
            index++;
            need();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return;
            } else {
                throw error("JSON parse error, expected separator in list");
            }
        }
    }

    private String string() throws BlockException {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("JSON parse error, premature EOI");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    throw error("JSON parse error, premature EOI");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("JSON parse error, premature EOI");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("JSON parse error, invalid escape sequence in string");
                        }
                        pos += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }
}
