package io.jiotests.engine.file;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One io_uring instance (Linux 5.6+), set up and driven through raw system calls with the FFM API:
 * a submission ring of 64-byte entries and a completion ring of 16-byte entries, shared with the
 * kernel through mmap. Used by one thread at a time (no locking): entries are filled in, the
 * submission tail is published with a release store, and completions are read after an acquire
 * load of the completion tail, as liburing does.
 *
 * <p>Layouts are those of linux/io_uring.h: struct io_uring_params (120 bytes: the ring offsets
 * start at 40 and 80), struct io_uring_sqe (opcode at 0, fd at 4, off at 8, addr at 16, len at 24,
 * user_data at 32) and struct io_uring_cqe (user_data at 0, res at 8).
 */
final class IoUring implements AutoCloseable {
    static final byte OP_READ = 22;
    static final byte OP_WRITE = 23;

    private static final boolean AARCH64 = System.getProperty("os.arch", "").contains("aarch64");
    private static final long NR_IO_URING_SETUP = 425;
    private static final long NR_IO_URING_ENTER = 426;
    private static final long NR_MMAP = AARCH64 ? 222 : 9;
    private static final long NR_MUNMAP = AARCH64 ? 215 : 11;
    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;
    private static final long OFF_SQ_RING = 0;
    private static final long OFF_CQ_RING = 0x8000000L;
    private static final long OFF_SQES = 0x10000000L;
    private static final int FEAT_SINGLE_MMAP = 1;
    private static final int ENTER_GETEVENTS = 1;
    private static final int EINTR = 4;
    private static final int SQE_SIZE = 64;
    private static final int CQE_SIZE = 16;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final int ringFd;
    private final int entries;
    private final MemorySegment sq;
    private final MemorySegment cq;
    private final MemorySegment sqes;
    private final long sqLength;
    private final long cqLength;
    private final long sqesLength;
    private final boolean singleMmap;
    private final long sqHead;
    private final long sqTail;
    private final int sqMask;
    private final long sqArray;
    private final long cqHead;
    private final long cqTail;
    private final int cqMask;
    private final long cqes;
    /** Entries written since the last submission. */
    private int pending;
    private boolean closed;

    private IoUring(int ringFd, MemorySegment params) throws PosixLib.PosixException {
        this.ringFd = ringFd;
        this.entries = params.get(ValueLayout.JAVA_INT, 0);
        int cqEntries = params.get(ValueLayout.JAVA_INT, 4);
        this.singleMmap = (params.get(ValueLayout.JAVA_INT, 20) & FEAT_SINGLE_MMAP) != 0;
        long sqArrayOff = Integer.toUnsignedLong(params.get(ValueLayout.JAVA_INT, 64));
        long cqesOff = Integer.toUnsignedLong(params.get(ValueLayout.JAVA_INT, 100));
        long sqLen = sqArrayOff + 4L * entries;
        long cqLen = cqesOff + (long) CQE_SIZE * cqEntries;
        if (singleMmap) {
            sqLen = Math.max(sqLen, cqLen);
            cqLen = sqLen;
        }
        this.sqLength = sqLen;
        this.cqLength = cqLen;
        this.sqesLength = (long) SQE_SIZE * entries;
        MemorySegment sqMem = map(sqLen, OFF_SQ_RING);
        MemorySegment cqMem = sqMem;
        MemorySegment sqeMem;
        try {
            if (!singleMmap) {
                cqMem = map(cqLen, OFF_CQ_RING);
            }
            sqeMem = map(sqesLength, OFF_SQES);
        } catch (PosixLib.PosixException e) {
            unmap(sqMem, sqLen);
            if (cqMem != sqMem) {
                unmap(cqMem, cqLen);
            }
            throw e;
        }
        this.sq = sqMem;
        this.cq = cqMem;
        this.sqes = sqeMem;
        this.sqHead = Integer.toUnsignedLong(params.get(ValueLayout.JAVA_INT, 40));
        this.sqTail = Integer.toUnsignedLong(params.get(ValueLayout.JAVA_INT, 44));
        this.sqMask = sq.get(ValueLayout.JAVA_INT, Integer.toUnsignedLong(params.get(ValueLayout.JAVA_INT, 48)));
        this.sqArray = sqArrayOff;
        this.cqHead = Integer.toUnsignedLong(params.get(ValueLayout.JAVA_INT, 80));
        this.cqTail = Integer.toUnsignedLong(params.get(ValueLayout.JAVA_INT, 84));
        this.cqMask = cq.get(ValueLayout.JAVA_INT, Integer.toUnsignedLong(params.get(ValueLayout.JAVA_INT, 88)));
        this.cqes = cqesOff;
    }

    /**
     * A ring of at least {@code depth} entries, or null when the kernel offers none (too old,
     * io_uring disabled by sysctl, or refused by a seccomp filter as in many containers).
     */
    static IoUring open(int depth) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(120, 8);
            long fd = SyscallFfm.syscall6(NR_IO_URING_SETUP, Math.max(1, depth), params.address(), 0, 0, 0, 0);
            if (fd < 0) {
                return null;
            }
            try {
                IoUring ring = new IoUring((int) fd, params);
                if (ring.entries < depth) {
                    ring.close();
                    return null;
                }
                return ring;
            } catch (PosixLib.PosixException e) {
                PosixLib.close((int) fd);
                return null;
            }
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private MemorySegment map(long length, long offset) throws PosixLib.PosixException {
        long addr = SyscallFfm.syscall6(NR_MMAP, 0, length, PROT_READ_WRITE, MAP_SHARED_POPULATE, ringFd, offset);
        if (addr < 0 && addr > -4096) {
            throw new PosixLib.PosixException("mmap", (int) -addr);
        }
        return MemorySegment.ofAddress(addr).reinterpret(length);
    }

    private static void unmap(MemorySegment m, long length) {
        SyscallFfm.syscall6(NR_MUNMAP, m.address(), length, 0, 0, 0, 0);
    }

    /** Entries the rings hold: requests that may be in flight at once. */
    int entries() {
        return entries;
    }

    /** Fills in the next submission entry; false when the submission ring is full. */
    boolean prepare(byte opcode, int fd, long address, int length, long offset, long userData) {
        int tail = sq.get(ValueLayout.JAVA_INT, sqTail);
        int head = (int) INT.getAcquire(sq, sqHead);
        if (tail - head >= entries) {
            return false;
        }
        int index = tail & sqMask;
        long e = (long) index * SQE_SIZE;
        sqes.asSlice(e, SQE_SIZE).fill((byte) 0);
        sqes.set(ValueLayout.JAVA_BYTE, e, opcode);
        sqes.set(ValueLayout.JAVA_INT, e + 4, fd);
        sqes.set(ValueLayout.JAVA_LONG, e + 8, offset);
        sqes.set(ValueLayout.JAVA_LONG, e + 16, address);
        sqes.set(ValueLayout.JAVA_INT, e + 24, length);
        sqes.set(ValueLayout.JAVA_LONG, e + 32, userData);
        sq.set(ValueLayout.JAVA_INT, sqArray + 4L * index, index);
        INT.setRelease(sq, sqTail, tail + 1);
        pending++;
        return true;
    }

    /**
     * Submits the prepared entries and, when {@code waitFor} is positive, waits until that many
     * completions are there. Returns the number of entries the kernel consumed, or -errno.
     */
    long enter(int waitFor) {
        while (true) {
            long r = SyscallFfm.syscall6(NR_IO_URING_ENTER, ringFd, pending, waitFor,
                    waitFor > 0 ? ENTER_GETEVENTS : 0, 0, 0);
            if (r >= 0) {
                pending -= (int) Math.min(pending, r);
                return r;
            }
            if (r != -EINTR) {
                return r;
            }
        }
    }

    /**
     * Takes up to {@code max} completions: their user data into {@code userData} and results
     * (bytes, or -errno) into {@code results}. Returns how many were taken.
     */
    int reap(long[] userData, int[] results, int max) {
        int head = cq.get(ValueLayout.JAVA_INT, cqHead);
        int tail = (int) INT.getAcquire(cq, cqTail);
        int n = 0;
        while (head != tail && n < max) {
            long e = cqes + (long) (head & cqMask) * CQE_SIZE;
            userData[n] = cq.get(ValueLayout.JAVA_LONG, e);
            results[n] = cq.get(ValueLayout.JAVA_INT, e + 8);
            n++;
            head++;
        }
        INT.setRelease(cq, cqHead, head);
        return n;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        unmap(sqes, sqesLength);
        if (!singleMmap) {
            unmap(cq, cqLength);
        }
        unmap(sq, sqLength);
        PosixLib.close(ringFd);
    }
}
