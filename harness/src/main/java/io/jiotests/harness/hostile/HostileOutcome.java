package io.jiotests.harness.hostile;

/** How the engine's outcome on one hostile operation compares with the reference's. */
public enum HostileOutcome {
    /** Same exit code and same output (after the standard filters). */
    EQUAL,
    /** Clean exit, but another exit code or message than qemu-img / qemu-io. */
    DIFFERENT,
    /** Different, and the engine has no driver for this format yet. */
    NO_DRIVER,
    /** The reference itself did not finish within its bound (e.g. QEMU 7.2 on some backing loops); the engine did, cleanly. */
    REF_HANG,
    /** The reference itself died of a signal (exit status 128 + n, e.g. 139 for SIGSEGV); the engine finished cleanly. */
    REF_CRASH,
    /** The engine has no tool (jqemu-img / jqemu-io) registered yet. */
    NOT_AVAILABLE,
    /** A Java exception escaped, or the JVM died. */
    CRASH,
    /** The time bound ran out. */
    HANG,
    /** OutOfMemoryError within the bounded heap. */
    OOM;

    /** Crash, hang or out of memory: never allowed. */
    public boolean fatal() {
        return this == CRASH || this == HANG || this == OOM;
    }
}
