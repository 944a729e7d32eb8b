package io.jiotests.engine.file;

import io.jiotests.engine.block.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few system calls that java.nio lacks, made with the FFM API through libc's syscall(2)
 * (Linux x86_64 / aarch64):
 * open/close, lseek with SEEK_DATA / SEEK_HOLE, fallocate, ftruncate, fstat (st_size,
 * st_blocks, st_mode) and fcntl with open-file-description locks. Each call returns the result or
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
    private static final long FLOCK_SIZE = 32;
    private static final long L_TYPE = 0;
    private static final long L_START = 8;
    private static final long L_LEN = 16;

    private static final boolean AARCH64 = System.getProperty("os.arch", "").contains("aarch64");
    /** struct stat: x86_64 and aarch64 (generic) layouts differ. */
    private static final long STAT_SIZE = 144;
    private static final long ST_MODE = AARCH64 ? 16 : 24;
    private static final long ST_SIZE = 48;
    private static final long ST_BLOCKS = AARCH64 ? 64 : 64;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = errnoOffset();


    /*
     * Every call goes through libc's syscall(2) wrapper: one downcall stub for all of them.
     * Creating a stub spins classes (about 100 ms each at process start-up on a loaded machine),
     * so one shape instead of one per function keeps the command-line tools' start-up short.
     */
    private static final class Sys {
        static final MethodHandle H = LINKER.downcallHandle(
                LINKER.defaultLookup().find("syscall")
                        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no syscall")),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                ERRNO, Linker.Option.firstVariadicArg(1));
    }

    /** System call numbers: x86_64 and the generic table aarch64 uses. */
    private static final long NR_OPENAT = AARCH64 ? 56 : 257;
    private static final long NR_CLOSE = AARCH64 ? 57 : 3;
    private static final long NR_LSEEK = AARCH64 ? 62 : 8;
    private static final long NR_FALLOCATE = AARCH64 ? 47 : 285;
    private static final long NR_FTRUNCATE = AARCH64 ? 46 : 77;
    private static final long NR_FSTAT = AARCH64 ? 80 : 5;
    private static final long NR_FCNTL = AARCH64 ? 25 : 72;
    private static final long AT_FDCWD = -100;

    private PosixLib() {
    }

    /**
     * Where errno lies in the call-state segment, found by walking the members (a layout path
     * lookup would initialise java.lang.foreign's LayoutPath machinery at start-up).
     */
    private static long errnoOffset() {
        long offset = 0;
        for (java.lang.foreign.MemoryLayout m : CALL_STATE.memberLayouts()) {
            if (m.name().orElse("").equals("errno")) {
                return offset;
            }
            offset += m.byteSize();
        }
        throw new UnsatisfiedLinkError("the native linker captures no errno");
    }

    /**
     * A native-order ByteBuffer over {@code seg}: struct fields are read and written through it
     * rather than with ValueLayout accessors, whose var handles initialise java.lang.foreign's
     * LayoutPath machinery (tens of milliseconds at process start-up).
     */
    private static java.nio.ByteBuffer view(MemorySegment seg) {
        return seg.asByteBuffer().order(java.nio.ByteOrder.nativeOrder());
    }

    /** {@code s} as a NUL-terminated UTF-8 string in {@code arena} (zero-filled memory). */
    private static MemorySegment cString(Arena arena, String s) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MemorySegment seg = arena.allocate(bytes.length + 1L);
        seg.copyFrom(MemorySegment.ofArray(bytes));
        return seg;
    }

    /** syscall(nr, a, b, c, d): the result, or -1 with errno in {@code state}. */
    private static long sys(MemorySegment state, long nr, long a, long b, long c, long d) throws Throwable {
        return (long) Sys.H.invokeExact(state, nr, a, b, c, d);
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

    private static int errno(MemorySegment state) {
        return view(state).getInt((int) ERRNO_OFFSET);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /**
     * Binds and calls open, fstat, fcntl (lock test) and close once on /dev/null: creating the
     * downcall stubs spins classes (hundreds of ms at start-up), which a background thread can do
     * while the tool parses its arguments and loads the drivers.
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment cpath = cString(arena, path);
            while (true) {
                int fd = (int) sys(state, NR_OPENAT, AT_FDCWD, cpath.address(), flags | O_CLOEXEC, mode);
                if (fd >= 0) {
                    return fd;
                }
                if (errno(state) != EINTR) {
                    throw new PosixException("open", errno(state));
                }
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r = (int) sys(state, NR_CLOSE, fd, 0, 0, 0);
            if (r < 0) {
                // nothing useful to do: the descriptor is gone either way (Linux semantics)
                return;
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** lseek(); for SEEK_DATA / SEEK_HOLE past the last data this throws with ENXIO. */
    static long lseek(int fd, long offset, int whence) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long r = sys(state, NR_LSEEK, fd, offset, whence, 0);
            if (r < 0) {
                throw new PosixException("lseek", errno(state));
            }
            return r;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void fallocate(int fd, int mode, long offset, long len) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            while (true) {
                int r = (int) sys(state, NR_FALLOCATE, fd, mode, offset, len);
                if (r == 0) {
                    return;
                }
                if (errno(state) != EINTR) {
                    throw new PosixException("fallocate", errno(state));
                }
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void ftruncate(int fd, long length) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r = (int) sys(state, NR_FTRUNCATE, fd, length, 0, 0);
            if (r < 0) {
                throw new PosixException("ftruncate", errno(state));
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Stat fstat(int fd) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment st = arena.allocate(STAT_SIZE, 8);
            int r = (int) sys(state, NR_FSTAT, fd, st.address(), 0, 0);
            if (r < 0) {
                throw new PosixException("fstat", errno(state));
            }
            java.nio.ByteBuffer b = view(st);
            return new Stat(b.getInt((int) ST_MODE), b.getLong((int) ST_SIZE), b.getLong((int) ST_BLOCKS));
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
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

    private static short lockCall(int fd, int cmd, long start, short type) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment fl = arena.allocate(FLOCK_SIZE, 8);
            java.nio.ByteBuffer b = view(fl);
            b.putShort((int) L_TYPE, type);
            b.putLong((int) L_START, start);
            b.putLong((int) L_LEN, 1L);
            int r = (int) sys(state, NR_FCNTL, fd, cmd, fl.address(), 0);
            if (r < 0) {
                throw new PosixException("fcntl", errno(state));
            }
            return b.getShort((int) L_TYPE);
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
