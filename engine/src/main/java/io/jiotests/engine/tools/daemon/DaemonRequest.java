package io.jiotests.engine.tools.daemon;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command a client (engine/src/main/c/jqemu_client.c) hands the daemon: after a big-endian
 * u32 body length, NUL-terminated strings: the magic {@value #MAGIC}, the tool ("qemu-img",
 * "qemu-io", or "--status" / "--stop"), the client's working directory, the argument count, the
 * arguments, then the environment as NAME=VALUE. Nothing in it is trusted: lengths are bounded
 * and a malformed body is refused.
 */
record DaemonRequest(String tool, String cwd, List<String> args, Map<String, String> env) {
    static final String MAGIC = "JQD1";
    /** The largest body accepted (the client refuses to send more). */
    static final int MAX_BODY = 4 << 20;

    /** Thrown for a body that is not a request of this protocol version. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    static DaemonRequest parse(byte[] body, int length) throws Malformed {
        if (length < 0 || length > body.length || length > MAX_BODY) {
            throw new Malformed("bad request length " + length);
        }
        if (length == 0 || body[length - 1] != 0) {
            throw new Malformed("request does not end in NUL");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (body[i] == 0) {
                parts.add(new String(body, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (parts.size() < 4 || !parts.get(0).equals(MAGIC)) {
            throw new Malformed("not a " + MAGIC + " request");
        }
        int argc;
        try {
            argc = Integer.parseInt(parts.get(3));
        } catch (NumberFormatException e) {
            throw new Malformed("bad argument count " + parts.get(3));
        }
        if (argc < 0 || argc > parts.size() - 4) {
            throw new Malformed("argument count " + argc + " beyond the request");
        }
        String cwd = parts.get(2);
        if (!cwd.startsWith("/")) {
            throw new Malformed("working directory is not absolute: " + cwd);
        }
        List<String> args = List.copyOf(parts.subList(4, 4 + argc));
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : parts.subList(4 + argc, parts.size())) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        return new DaemonRequest(parts.get(1), cwd, args, Collections.unmodifiableMap(env));
    }
}
