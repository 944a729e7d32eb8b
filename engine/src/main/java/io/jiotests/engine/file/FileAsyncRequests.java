package io.jiotests.engine.file;

import io.jiotests.engine.block.AsyncRequests;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A file node's asynchronous requests under O_DIRECT, through an {@link IoUring} (QEMU's
 * aio=io_uring): reads and writes of block-aligned direct buffers at block-aligned offsets, on a
 * descriptor of their own (the node's file reopened through /proc/self/fd with O_DIRECT; the
 * node's descriptor keeps the image locks). Other requests are declined. A short read is the end of
 * the file: the rest of the buffer reads as zeroes, as in the node's synchronous reads.
 */
final class FileAsyncRequests implements AsyncRequests {
    private static final boolean AARCH64 = System.getProperty("os.arch", "").contains("aarch64");
    private static final int O_DIRECT = AARCH64 ? 0x10000 : 0x4000;

    private final IoUring ring;
    private final int fd;
    private final int alignment;
    /** Per tag: the buffer of a read in flight (to zero a short read's tail), else null. */
    private final ByteBuffer[] reads;
    private final long[] userData;
    private int inFlight;

    private FileAsyncRequests(IoUring ring, int fd, int alignment) {
        this.ring = ring;
        this.fd = fd;
        this.alignment = alignment;
        this.reads = new ByteBuffer[ring.entries()];
        this.userData = new long[ring.entries()];
    }

    /**
     * Requests on the file open as {@code nodeFd}, or null when the kernel offers no io_uring or
     * the file cannot be reopened.
     */
    static FileAsyncRequests open(int nodeFd, boolean writable, int alignment, int depth) {
        IoUring ring = IoUring.open(depth);
        if (ring == null) {
            return null;
        }
        int fd;
        try {
            fd = PosixLib.open("/proc/self/fd/" + nodeFd, (writable ? PosixLib.O_RDWR : PosixLib.O_RDONLY) | O_DIRECT, 0);
        } catch (PosixLib.PosixException e) {
            ring.close();
            return null;
        }
        return new FileAsyncRequests(ring, fd, alignment);
    }

    @Override
    public int capacity() {
        return ring.entries();
    }

    @Override
    public boolean queue(long offset, ByteBuffer buf, boolean write, int tag) throws BlockException {
        if (offset < 0 || tag < 0 || tag >= reads.length || !FileNode.alignedForDirect(offset, buf, alignment)) {
            return false;
        }
        long address = MemorySegment.ofBuffer(buf).address();
        if (!ring.prepare(write ? IoUring.OP_WRITE : IoUring.OP_READ, fd, address, buf.remaining(), offset, tag)) {
            return false;
        }
        reads[tag] = write ? null : buf;
        inFlight++;
        return true;
    }

    @Override
    public int submitAndWait(int[] tags, int[] results) throws BlockException {
        if (inFlight == 0) {
            return 0;
        }
        long r = ring.enter(1);
        if (r < 0) {
            throw new BlockException(Errno.of((int) -r));
        }
        int n = ring.reap(userData, results, Math.min(userData.length, Math.min(tags.length, results.length)));
        for (int i = 0; i < n; i++) {
            int tag = (int) userData[i];
            tags[i] = tag;
            ByteBuffer read = reads[tag];
            if (read != null && results[i] >= 0 && results[i] < read.remaining()) {
                for (int k = read.position() + results[i]; k < read.limit(); k++) {
                    read.put(k, (byte) 0);
                }
                results[i] = read.remaining();
            }
            reads[tag] = null;
        }
        inFlight -= n;
        return n;
    }

    @Override
    public void close() {
        int[] tags = new int[reads.length];
        int[] results = new int[reads.length];
        while (inFlight > 0) {
            try {
                submitAndWait(tags, results);
            } catch (BlockException e) {
                break; // the ring failed: closing it cancels what is left
            }
        }
        ring.close();
        PosixLib.close(fd);
    }
}
