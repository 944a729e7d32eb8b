package io.jiotests.engine.tools.daemon;

/**
 * The tool daemon's system calls, in the engine's JNI shim (engine/src/main/c/jqemu_daemon.c,
 * built into libjqemusyscall.so): java.nio's Unix-domain channels cannot receive descriptors
 * (SCM_RIGHTS), and the daemon needs its clients' standard streams. Every call returns its
 * result, or -errno when it fails.
 */
final class DaemonSyscalls {
    static final int EAGAIN = 11;

    private DaemonSyscalls() {
    }

    /**
     * Loads the shim from {@code library} (an absolute path) and checks that it binds: null when
     * it does, else why not.
     */
    static String load(String library) {
        if (library == null || library.isEmpty()) {
            return "no JNI shim named (-Djiotests.posix.jni); bin/jqemu-aot-train builds it with cc";
        }
        try {
            System.load(library);
            return uid() >= 0 ? null : "the JNI shim does not answer getuid";
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return "cannot load the JNI shim " + library + ": " + e.getMessage();
        }
    }

    /** A listening Unix-domain socket bound to {@code path} (NUL-terminated bytes), mode 0600. */
    static native int listen(byte[] path);

    /** Waits at most {@code millis} ms (-1: no limit) for a connection: its descriptor, or -EAGAIN. */
    static native int accept(int fd, int millis);

    /** The user id of the peer of a connected Unix-domain socket. */
    static native int peerUid(int fd);

    /** This process's user id. */
    static native int uid();

    /**
     * recvmsg into {@code buf[off, off+len)}: the byte count, 0 at EOF; descriptors that came
     * along land in {@code fds} (unused slots -1; any beyond its length are closed).
     */
    static native int receive(int fd, byte[] buf, int off, int len, int[] fds);

    /** read(2): the count, 0 at EOF. */
    static native int read(int fd, byte[] buf, int off, int len);

    /** Writes all of {@code buf[off, off+len)}: len, or -errno. */
    static native int write(int fd, byte[] buf, int off, int len);

    /** 1 when {@code fd} is a terminal, else 0. */
    static native int isatty(int fd);

    /** shutdown(fd, SHUT_RDWR). */
    static native int shutdown(int fd);

    static native int close(int fd);
}
