package io.jiotests.harness.backend;

import io.jiotests.harness.api.ToolResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Records a program's standard output and error: each separately, and both merged in the order the
 * bytes arrived. Thread-safe (the two streams may be written by two pump threads).
 */
public final class OutputRecorder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream merged = new ByteArrayOutputStream();

    private final OutputStream outStream = new Channel(out);
    private final OutputStream errStream = new Channel(err);

    /** The stream for standard output. */
    public OutputStream stdout() {
        return outStream;
    }

    /** The stream for standard error. */
    public OutputStream stderr() {
        return errStream;
    }

    /** Appends a note of the harness (e.g. a timeout) to standard error. */
    public void note(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            err.writeBytes(b);
            merged.writeBytes(b);
        }
    }

    public synchronized ToolResult result(int exitCode) {
        return new ToolResult(exitCode, decode(out), decode(err), decode(merged));
    }

    private static String decode(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    private final class Channel extends OutputStream {
        private final ByteArrayOutputStream target;

        Channel(ByteArrayOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            synchronized (OutputRecorder.this) {
                target.write(b);
                merged.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (OutputRecorder.this) {
                target.write(b, off, len);
                merged.write(b, off, len);
            }
        }
    }
}
