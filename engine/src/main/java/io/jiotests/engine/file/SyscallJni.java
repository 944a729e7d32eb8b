package io.jiotests.engine.file;

/**
 * libc's syscall(2) through the engine's JNI shim (engine/src/main/c/jqemu_syscall.c): the same
 * calls as {@link SyscallFfm}, without the FFM downcall stub whose creation dominates a
 * command-line tool's start-up (binding a JNI method is one symbol lookup), and with paths and
 * structs in Java byte arrays, so the java.lang.foreign memory API (whose first use spins
 * method-handle classes) is not needed either. Used only when the shim library has been built
 * and named (see {@link PosixLib#JNI_PROPERTY}).
 */
final class SyscallJni {
    private static final boolean AARCH64 = System.getProperty("os.arch", "").contains("aarch64");
    private static final long NR_GETPID = AARCH64 ? 172 : 39;

    private SyscallJni() {
    }

    /**
     * Loads the shim from {@code library} (an absolute path; null or empty: none) and checks that
     * it binds and answers getpid. False when it is absent, cannot be loaded or does not work: the
     * caller then uses the FFM binding.
     */
    static boolean load(String library) {
        if (library == null || library.isEmpty()) {
            return false;
        }
        try {
            System.load(library);
            return syscall4(NR_GETPID, 0, 0, 0, 0) > 0;
        } catch (UnsatisfiedLinkError | SecurityException | IllegalCallerException e) {
            return false;
        }
    }

    /** syscall(nr, a, b, c, d): the result, or -errno when it fails. */
    static native long syscall4(long nr, long a, long b, long c, long d);

    /**
     * syscall(nr, a, b, c, d) with argument {@code at} (0 to 3) replaced by the address of a native
     * copy of {@code buf}, copied back into {@code buf} after the call: the result, or -errno.
     */
    static native long syscall4buf(long nr, long a, long b, long c, long d, byte[] buf, int at);
}
