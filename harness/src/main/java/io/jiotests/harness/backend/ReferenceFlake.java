package io.jiotests.harness.backend;

import io.jiotests.harness.api.ToolResult;
import java.util.function.Supplier;

/**
 * qemu-img's own random failure, retried rather than compared: its PBKDF2 benchmark (LUKS create
 * and key-slot amend) now and then fails with "Unable to get accurate CPU usage" when the thread's
 * CPU clock has not ticked yet. It fails before anything is written, so running the same command
 * again is safe. Seen about once in 60 luks creates with qemu 7.2.
 */
public final class ReferenceFlake {
    static final String PBKDF_FLAKE = "Unable to get accurate CPU usage";
    static final int RETRIES = 5;

    private ReferenceFlake() {
    }

    /** Whether {@code r} is that failure: a non-zero exit with the text on either stream. */
    public static boolean isPbkdfFlake(String program, ToolResult r) {
        return program.equals("qemu-img") && r.exitCode() != 0
                && (r.merged().contains(PBKDF_FLAKE) || r.stderr().contains(PBKDF_FLAKE)
                        || r.stdout().contains(PBKDF_FLAKE));
    }

    /** Runs {@code run} and runs it again, up to {@link #RETRIES} times, while it fails so. */
    public static ToolResult retrying(String program, Supplier<ToolResult> run) {
        ToolResult r = run.get();
        for (int i = 0; i < RETRIES && isPbkdfFlake(program, r); i++) {
            r = run.get();
        }
        return r;
    }
}
