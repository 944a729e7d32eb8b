package io.jiotests.engine.file;

import io.jiotests.engine.block.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The few system calls that java.nio lacks, made through libc's syscall(2) (Linux x86_64 /
 * aarch64) with the FFM API ({@link SyscallFfm}) or, when the launchers name it, the engine's JNI
 * shim ({@link SyscallJni}):
 * open/close, lseek with SEEK_DATA / SEEK_HOLE, fallocate, ftruncate, fstat (st_size,
 * st_blocks, st_mode), fcntl with open-file-description locks and isatty (ioctl TCGETS). Each call returns the result or
 * throws {@link PosixException} carrying errno.
 */
final class PosixLib {
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0x40;
    static final int O_TRUNC = 0x200;
    static final int O_CLOEXEC = 0x80000;

    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;

    static final int FALLOC_FL_KEEP_SIZE = 0x01;
    static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    static final int FALLOC_FL_ZERO_RANGE = 0x10;

    static final int F_OFD_GETLK = 36;
    static final int F_OFD_SETLK = 37;
    static final short F_RDLCK = 0;
    static final short F_WRLCK = 1;
    static final short F_UNLCK = 2;

    static final int ENXIO = 6;
    static final int EINTR = 4;
    static final int EOPNOTSUPP = 95;

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;

    /** struct flock on 64-bit Linux: l_type, l_whence, (pad), l_start, l_len, l_pid, (pad). */
    private static final int FLOCK_SIZE = 32;
    private static final int L_TYPE = 0;
    private static final int L_START = 8;
    private static final int L_LEN = 16;

    private static final boolean AARCH64 = System.getProperty("os.arch", "").contains("aarch64");
    /** struct stat: x86_64 and aarch64 (generic) layouts differ. */
    private static final int STAT_SIZE = 144;
    private static final int ST_MODE = AARCH64 ? 16 : 24;
    private static final int ST_SIZE = 48;
    private static final int ST_BLOCKS = AARCH64 ? 64 : 64;

    /**
     * The JNI shim named by the system property {@value #JNI_PROPERTY} (the launchers set it when
     * bin/jqemu-aot-train has built engine/target/native/libjqemusyscall.so), else the FFM binding.
     * Both make the same system calls; binding the shim costs a symbol lookup, while creating the
     * FFM downcall stub spins classes (~100 ms of a command-line tool's start-up).
     */
    static final String JNI_PROPERTY = "jiotests.posix.jni";
    private static final boolean JNI = SyscallJni.load(System.getProperty(JNI_PROPERTY));

    /** System call numbers: x86_64 and the generic table aarch64 uses. */
    private static final long NR_OPENAT = AARCH64 ? 56 : 257;
    private static final long NR_CLOSE = AARCH64 ? 57 : 3;
    private static final long NR_LSEEK = AARCH64 ? 62 : 8;
    private static final long NR_FALLOCATE = AARCH64 ? 47 : 285;
    private static final long NR_FTRUNCATE = AARCH64 ? 46 : 77;
    private static final long NR_FSTAT = AARCH64 ? 80 : 5;
    private static final long NR_FCNTL = AARCH64 ? 25 : 72;
    private static final long NR_IOCTL = AARCH64 ? 29 : 16;
    private static final long NR_MADVISE = AARCH64 ? 233 : 28;
    static final int MADV_DONTNEED = 4;
    static final int MADV_HUGEPAGE = 14;
    /** ioctl request: read a terminal's termios (x86_64 and the generic table alike). */
    private static final int TCGETS = 0x5401;
    /** Room for the kernel's struct termios (36 bytes on both architectures). */
    private static final int TERMIOS_SIZE = 64;
    private static final long AT_FDCWD = -100;

    private PosixLib() {
    }

    /**
     * A native-order ByteBuffer over {@code struct}: struct fields are read and written through it
     * (no java.lang.foreign layouts: their var handles initialise the LayoutPath machinery, tens of
     * milliseconds at process start-up).
     */
    private static ByteBuffer view(byte[] struct) {
        return ByteBuffer.wrap(struct).order(ByteOrder.nativeOrder());
    }

    /** {@code s} as a NUL-terminated UTF-8 string. */
    private static byte[] cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** syscall(nr, a, b, c, d): the result, or -errno when it fails. */
    static long sys(long nr, long a, long b, long c, long d) {
        return JNI ? SyscallJni.syscall4(nr, a, b, c, d) : SyscallFfm.syscall4(nr, a, b, c, d);
    }

    /**
     * syscall(nr, a, b, c, d) with argument {@code at} (0 to 3) the address of a native copy of
     * {@code buf} (copied back after the call): the result, or -errno when it fails.
     */
    static long sys(long nr, long a, long b, long c, long d, byte[] buf, int at) {
        return JNI ? SyscallJni.syscall4buf(nr, a, b, c, d, buf, at) : SyscallFfm.syscall4buf(nr, a, b, c, d, buf, at);
    }

    /** Whether the calls go through the JNI shim rather than the FFM binding. */
    static boolean usesJni() {
        return JNI;
    }

    /** A failed libc call: {@link #errno()} is the raw errno value. */
    static final class PosixException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int errno;

        PosixException(String call, int errno) {
            super(call + ": errno " + errno);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }

        Errno asErrno() {
            return Errno.of(errno);
        }
    }

    /** File status: the st_mode, st_size and st_blocks fields. */
    record Stat(int mode, long size, long blocks) {
        boolean isDirectory() {
            return (mode & S_IFMT) == S_IFDIR;
        }
    }

    /**
     * Binds the system call path and calls open, fstat, fcntl (lock test) and close once on
     * /dev/null: with the FFM binding creating the downcall stub spins classes (hundreds of ms at
     * start-up), which a background thread can do while the tool parses its arguments and loads
     * the drivers.
     */
    static void warmUp() {
        try {
            int fd = open("/dev/null", O_RDONLY, 0);
            try {
                fstat(fd);
                ofdTestLock(fd, 100, F_RDLCK);
            } finally {
                close(fd);
            }
        } catch (PosixException | RuntimeException | LinkageError e) {
            // the real call reports it
        }
    }

    static int open(String path, int flags, int mode) throws PosixException {
        byte[] cpath = cString(path);
        while (true) {
            long fd = sys(NR_OPENAT, AT_FDCWD, 0, flags | O_CLOEXEC, mode, cpath, 1);
            if (fd >= 0) {
                return (int) fd;
            }
            if (fd != -EINTR) {
                throw new PosixException("open", (int) -fd);
            }
        }
    }

    static void close(int fd) {
        // a failure leaves nothing useful to do: the descriptor is gone either way (Linux semantics)
        sys(NR_CLOSE, fd, 0, 0, 0);
    }

    /** lseek(); for SEEK_DATA / SEEK_HOLE past the last data this throws with ENXIO. */
    static long lseek(int fd, long offset, int whence) throws PosixException {
        long r = sys(NR_LSEEK, fd, offset, whence, 0);
        if (r < 0) {
            throw new PosixException("lseek", (int) -r);
        }
        return r;
    }

    static void fallocate(int fd, int mode, long offset, long len) throws PosixException {
        while (true) {
            long r = sys(NR_FALLOCATE, fd, mode, offset, len);
            if (r == 0) {
                return;
            }
            if (r != -EINTR) {
                throw new PosixException("fallocate", (int) -r);
            }
        }
    }

    static void ftruncate(int fd, long length) throws PosixException {
        long r = sys(NR_FTRUNCATE, fd, length, 0, 0);
        if (r < 0) {
            throw new PosixException("ftruncate", (int) -r);
        }
    }

    static Stat fstat(int fd) throws PosixException {
        byte[] st = new byte[STAT_SIZE];
        long r = sys(NR_FSTAT, fd, 0, 0, 0, st, 1);
        if (r < 0) {
            throw new PosixException("fstat", (int) -r);
        }
        ByteBuffer b = view(st);
        return new Stat(b.getInt(ST_MODE), b.getLong(ST_SIZE), b.getLong(ST_BLOCKS));
    }

    /**
     * fcntl(F_OFD_SETLK) of one byte: type F_RDLCK / F_WRLCK / F_UNLCK. Fails with EAGAIN (or
     * EACCES) when another open file description holds a conflicting lock.
     */
    static void ofdSetLock(int fd, long start, short type) throws PosixException {
        lockCall(fd, F_OFD_SETLK, start, type);
    }

    /**
     * fcntl(F_OFD_GETLK) of one byte: whether a lock of {@code type} could be placed, i.e. no other
     * open file description holds a conflicting lock. Returns true when free.
     */
    static boolean ofdTestLock(int fd, long start, short type) throws PosixException {
        return lockCall(fd, F_OFD_GETLK, start, type) == F_UNLCK;
    }

    /** isatty(fd), made as libc makes it: whether ioctl(fd, TCGETS) succeeds. */
    static boolean isTerminal(int fd) {
        return sys(NR_IOCTL, fd, TCGETS, 0, 0, new byte[TERMIOS_SIZE], 2) == 0;
    }

    /** madvise(address, length, advice). */
    static void madvise(long address, long length, int advice) throws PosixException {
        long r = sys(NR_MADVISE, address, length, advice, 0);
        if (r < 0) {
            throw new PosixException("madvise", (int) -r);
        }
    }

    private static short lockCall(int fd, int cmd, long start, short type) throws PosixException {
        byte[] fl = new byte[FLOCK_SIZE];
        ByteBuffer b = view(fl);
        b.putShort(L_TYPE, type);
        b.putLong(L_START, start);
        b.putLong(L_LEN, 1L);
        long r = sys(NR_FCNTL, fd, cmd, 0, 0, fl, 2);
        if (r < 0) {
            throw new PosixException("fcntl", (int) -r);
        }
        return b.getShort(L_TYPE);
    }
}
