package io.jiotests.harness.robustness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A qemu-io (reference or engine) reading commands from a pipe, as iotests drive it: each command
 * is acknowledged when the next "qemu-io> " prompt arrives, so the caller knows which commands
 * (and flushes) completed before it kills the process.
 */
final class InteractiveIo implements AutoCloseable {
    private static final byte[] PROMPT = "qemu-io> ".getBytes(StandardCharsets.US_ASCII);

    private final Process process;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final StringBuilder transcript = new StringBuilder();

    InteractiveIo(boolean engine, Path cwd, List<String> args) throws IOException {
        process = new ProcessBuilder(Programs.command(engine, "qemu-io", args)).directory(cwd.toFile())
                .redirectErrorStream(true).start();
        stdin = process.getOutputStream();
        stdout = process.getInputStream();
    }

    /** Waits for the prompt; false if the process ended (or closed its output) first. */
    boolean awaitPrompt() throws IOException {
        int matched = 0;
        while (true) {
            int b = stdout.read();
            if (b < 0) {
                return false;
            }
            transcript.append((char) b);
            matched = b == PROMPT[matched] ? matched + 1 : (b == PROMPT[0] ? 1 : 0);
            if (matched == PROMPT.length) {
                return true;
            }
        }
    }

    /** Sends a command without waiting. */
    void send(String command) throws IOException {
        stdin.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }

    /** Sends a command and waits until it completed (the next prompt). */
    boolean command(String command) throws IOException {
        send(command);
        return awaitPrompt();
    }

    String transcript() {
        return transcript.toString();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL (Process.destroyForcibly is SIGKILL on Linux) and wait. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
