package io.jiotests.engine.file;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * libc's syscall(2) through the FFM API, errno captured by the linker: the binding the engine uses
 * unless the JNI shim ({@link SyscallJni}) is loaded. Every call goes through this one downcall
 * stub: creating a stub spins classes (about 100 ms each at process start-up on a loaded machine),
 * so one shape instead of one per function. The stub is created when this class initialises, on
 * the first call.
 */
final class SyscallFfm {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = errnoOffset();
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("syscall")
                    .orElseThrow(() -> new UnsatisfiedLinkError("libc has no syscall")),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));

    private SyscallFfm() {
    }

    /** The six-argument shape (io_uring_enter, mmap), created on first use only. */
    private static final class Six {
        static final MethodHandle SYSCALL6 = LINKER.downcallHandle(
                LINKER.defaultLookup().find("syscall")
                        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no syscall")),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG),
                Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));
    }

    /** syscall(nr, a, b, c, d, e, f): the result, or -errno when it fails. */
    static long syscall6(long nr, long a, long b, long c, long d, long e, long f) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return resultOrErrno((long) Six.SYSCALL6.invokeExact(state, nr, a, b, c, d, e, f), state);
        } catch (RuntimeException | Error x) {
            throw x;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Where errno lies in the call-state segment, found by walking the members (a layout path
     * lookup would initialise java.lang.foreign's LayoutPath machinery at start-up).
     */
    private static long errnoOffset() {
        long offset = 0;
        for (MemoryLayout m : CALL_STATE.memberLayouts()) {
            if (m.name().orElse("").equals("errno")) {
                return offset;
            }
            offset += m.byteSize();
        }
        throw new UnsatisfiedLinkError("the native linker captures no errno");
    }

    /** syscall(nr, a, b, c, d): the result, or -errno when it fails. */
    static long syscall4(long nr, long a, long b, long c, long d) {
        try (Arena arena = Arena.ofConfined()) {
            return call(arena, nr, a, b, c, d);
        }
    }

    /**
     * syscall(nr, a, b, c, d) with argument {@code at} (0 to 3) replaced by the address of a native
     * copy of {@code buf}, copied back into {@code buf} after the call: the result, or -errno.
     */
    static long syscall4buf(long nr, long a, long b, long c, long d, byte[] buf, int at) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mem = arena.allocate(Math.max(buf.length, 1), 8);
            mem.copyFrom(MemorySegment.ofArray(buf));
            long address = mem.address();
            long r = call(arena, nr, at == 0 ? address : a, at == 1 ? address : b, at == 2 ? address : c,
                    at == 3 ? address : d);
            MemorySegment.ofArray(buf).copyFrom(mem.asSlice(0, buf.length));
            return r;
        }
    }

    private static long call(Arena arena, long nr, long a, long b, long c, long d) {
        try {
            MemorySegment state = arena.allocate(CALL_STATE);
            return resultOrErrno((long) SYSCALL.invokeExact(state, nr, a, b, c, d), state);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** syscall's result, or -errno when it is -1. */
    private static long resultOrErrno(long r, MemorySegment state) {
        if (r != -1) {
            return r;
        }
        // read through a ByteBuffer view: a ValueLayout var handle initialises LayoutPath
        return -state.asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).getInt((int) ERRNO_OFFSET);
    }
}
