package io.jiotests.harness.container;

import io.jiotests.harness.api.ToolResult;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The wire format between the host and runner.pl inside a reference container.
 *
 * <p>Request: NUL-terminated fields {@code cwd, timeoutSeconds, mode, program, args...} where mode
 * "M" gives the program one pipe for stdout and stderr (exactly 2>&1) and "S" two. Response:
 * {@code "X <exit> <timedOut>\n"} then records {@code "O <len>\n<bytes>"} (stdout) and
 * {@code "E <len>\n<bytes>"} (stderr) in the order the runner read them; the merged view
 * concatenates both in that order, like {@code 2>&1}.
 */
public final class RunnerRecord {
    private RunnerRecord() {
    }

    /** The outcome of one command: the tool result plus whether the runner killed it on timeout. */
    public record Outcome(ToolResult result, boolean timedOut) {
    }

    /** Encodes a request. Fields must not contain NUL (a command line cannot either). */
    public static byte[] encodeRequest(String cwd, long timeoutSeconds, boolean merged, List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command line");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, cwd);
        field(out, Long.toString(timeoutSeconds));
        field(out, merged ? "M" : "S");
        for (String a : argv) {
            field(out, a);
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in command argument: " + s.replace('\0', '@'));
        }
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    /** Decodes a response; throws {@link IllegalArgumentException} on anything malformed. */
    public static Outcome decodeResponse(byte[] data) {
        int nl = indexOf(data, 0, (byte) '\n');
        String head = new String(data, 0, nl < 0 ? data.length : nl, StandardCharsets.US_ASCII);
        String[] h = head.split(" ");
        if (nl < 0 || h.length != 3 || !h[0].equals("X")) {
            throw new IllegalArgumentException("bad runner response header: " + abbreviate(head));
        }
        int exit = Integer.parseInt(h[1]);
        boolean timedOut = h[2].equals("1");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ByteArrayOutputStream merged = new ByteArrayOutputStream();
        int pos = nl + 1;
        while (pos < data.length) {
            int eol = indexOf(data, pos, (byte) '\n');
            if (eol < 0 || eol - pos < 3 || data[pos + 1] != ' ') {
                throw new IllegalArgumentException("bad runner record at byte " + pos);
            }
            char stream = (char) data[pos];
            int len = Integer.parseInt(new String(data, pos + 2, eol - pos - 2, StandardCharsets.US_ASCII));
            if (len < 0 || len > data.length - eol - 1) {
                throw new IllegalArgumentException("runner record length " + len + " beyond the response");
            }
            ByteArrayOutputStream target = switch (stream) {
                case 'O' -> stdout;
                case 'E' -> stderr;
                default -> throw new IllegalArgumentException("bad runner stream '" + stream + "'");
            };
            target.write(data, eol + 1, len);
            merged.write(data, eol + 1, len);
            pos = eol + 1 + len;
        }
        return new Outcome(new ToolResult(exit, utf8(stdout), utf8(stderr), utf8(merged)), timedOut);
    }

    private static String utf8(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] data, int from, byte b) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
