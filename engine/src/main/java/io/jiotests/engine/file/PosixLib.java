package io.jiotests.engine.file;

import io.jiotests.engine.block.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls that java.nio lacks, bound with the FFM API (Linux x86_64 / aarch64 ABI):
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

    /** struct flock on 64-bit Linux. */
    private static final StructLayout FLOCK = java.lang.foreign.MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("l_type"),
            ValueLayout.JAVA_SHORT.withName("l_whence"),
            java.lang.foreign.MemoryLayout.paddingLayout(4),
            ValueLayout.JAVA_LONG.withName("l_start"),
            ValueLayout.JAVA_LONG.withName("l_len"),
            ValueLayout.JAVA_INT.withName("l_pid"),
            java.lang.foreign.MemoryLayout.paddingLayout(4));
    private static final VarHandle L_TYPE = FLOCK.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("l_type"));
    private static final VarHandle L_START = FLOCK.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("l_start"));
    private static final VarHandle L_LEN = FLOCK.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("l_len"));

    private static final boolean AARCH64 = System.getProperty("os.arch", "").contains("aarch64");
    /** struct stat: x86_64 and aarch64 (generic) layouts differ. */
    private static final long STAT_SIZE = 144;
    private static final long ST_MODE = AARCH64 ? 16 : 24;
    private static final long ST_SIZE = 48;
    private static final long ST_BLOCKS = AARCH64 ? 64 : 64;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE = CALL_STATE.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));


    /*
     * Each function is bound on first use (a holder class per function): creating a downcall stub
     * spins classes, and most runs need only open, fstat, fcntl and close.
     */
    private static final class OpenFn {
        static final MethodHandle H = bind("open",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    }

    private static final class CloseFn {
        static final MethodHandle H = bind("close",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private static final class LseekFn {
        static final MethodHandle H = bind("lseek",
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT));
    }

    private static final class FallocateFn {
        static final MethodHandle H = bind("fallocate",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    }

    private static final class FtruncateFn {
        static final MethodHandle H = bind("ftruncate",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    }

    private static final class FstatFn {
        static final MethodHandle H = bind("fstat",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }

    private static final class FcntlLockFn {
        static final MethodHandle H = bind("fcntl",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2));
    }

    private PosixLib() {
    }

    private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... extra) {
        MemorySegment sym = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        Linker.Option[] opts = new Linker.Option[extra.length + 1];
        opts[0] = ERRNO;
        System.arraycopy(extra, 0, opts, 1, extra.length);
        return LINKER.downcallHandle(sym, fd, opts);
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
        return (int) ERRNO_HANDLE.get(state, 0L);
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

    static int open(String path, int flags, int mode) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment cpath = arena.allocateFrom(path);
            while (true) {
                int fd = (int) OpenFn.H.invokeExact(state, cpath, flags | O_CLOEXEC, mode);
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
            int r = (int) CloseFn.H.invokeExact(state, fd);
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
            long r = (long) LseekFn.H.invokeExact(state, fd, offset, whence);
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
                int r = (int) FallocateFn.H.invokeExact(state, fd, mode, offset, len);
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
            int r = (int) FtruncateFn.H.invokeExact(state, fd, length);
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
            int r = (int) FstatFn.H.invokeExact(state, fd, st);
            if (r < 0) {
                throw new PosixException("fstat", errno(state));
            }
            return new Stat(st.get(ValueLayout.JAVA_INT, ST_MODE), st.get(ValueLayout.JAVA_LONG, ST_SIZE),
                    st.get(ValueLayout.JAVA_LONG, ST_BLOCKS));
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
            MemorySegment fl = arena.allocate(FLOCK);
            L_TYPE.set(fl, 0L, type);
            L_START.set(fl, 0L, start);
            L_LEN.set(fl, 0L, 1L);
            int r = (int) FcntlLockFn.H.invokeExact(state, fd, cmd, fl);
            if (r < 0) {
                throw new PosixException("fcntl", errno(state));
            }
            return (short) L_TYPE.get(fl, 0L);
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
