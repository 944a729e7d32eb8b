package io.jiotests.engine.block;

import java.nio.ByteBuffer;

/**
 * The generic request layer in front of a root node (QEMU's BlockBackend plus the request
 * helpers of block/io.c): checks requests against the node's length and writability with QEMU's
 * errors, reads-modifies-writes below the node's request alignment, splits above its maximum
 * transfer, and serialises overlapping writes while letting everything else run concurrently.
 * Drivers below see only valid, aligned requests.
 */
public final class BlockBackend implements AutoCloseable {
    /** BDRV_REQUEST_MAX_BYTES: the largest request (INT_MAX rounded down to 512). */
    public static final long MAX_REQUEST_BYTES = 2147483136L;

    private final BlockNode root;
    private final RangeLocks writes = new RangeLocks();

    public BlockBackend(BlockNode root) {
        this.root = root;
    }

    public BlockNode root() {
        return root;
    }

    /** The guest-visible length: QEMU counts whole 512-byte sectors, so a partial one rounds up. */
    public long length() throws BlockException {
        return sectorLength(root);
    }

    /** bdrv_getlength(): a node's length rounded up to whole 512-byte sectors. */
    public static long sectorLength(BlockNode node) throws BlockException {
        long len = node.length();
        if (len < 0) {
            return len;
        }
        long rem = len % 512;
        return rem == 0 || len > Long.MAX_VALUE - 512 ? len : len + 512 - rem;
    }

    public boolean isWritable() {
        return root.flags().writable();
    }

    /** blk_check_byte_request(): EIO for negative, oversized or out-of-bounds requests. */
    private void checkRequest(long offset, long bytes) throws BlockException {
        if (bytes < 0 || bytes > MAX_REQUEST_BYTES || offset < 0) {
            throw new BlockException(Errno.EIO);
        }
        long len = sectorLength(root);
        if (offset > len || len - offset < bytes) {
            throw new BlockException(Errno.EIO);
        }
    }

    private void checkWritable() throws BlockException {
        if (!root.flags().writable()) {
            throw new BlockException(Errno.EPERM);
        }
    }

    public void read(long offset, ByteBuffer dst) throws BlockException {
        checkRequest(offset, dst.remaining());
        readAligned(root, offset, dst);
    }

    public void readv(long offset, ByteBuffer[] dsts) throws BlockException {
        long total = 0;
        for (ByteBuffer b : dsts) {
            total += b.remaining();
        }
        checkRequest(offset, total);
        long pos = offset;
        for (ByteBuffer b : dsts) {
            int n = b.remaining();
            readAligned(root, pos, b);
            pos += n;
        }
    }

    public void write(long offset, ByteBuffer src, int flags) throws BlockException {
        checkWritable();
        checkRequest(offset, src.remaining());
        writeAligned(offset, src, flags);
    }

    public void writev(long offset, ByteBuffer[] srcs, int flags) throws BlockException {
        checkWritable();
        long total = 0;
        for (ByteBuffer b : srcs) {
            total += b.remaining();
        }
        checkRequest(offset, total);
        if (total > Integer.MAX_VALUE) {
            throw new BlockException(Errno.EIO);
        }
        ByteBuffer joined = ByteBuffer.allocate((int) total);
        for (ByteBuffer b : srcs) {
            joined.put(b);
        }
        writeAligned(offset, joined.flip(), flags);
    }

    /**
     * Reads any range of {@code node} (no bounds check) honouring its request alignment and
     * maximum transfer: the helper format drivers and the opener use to read a child node.
     */
    public static void readAligned(BlockNode node, long offset, ByteBuffer dst) throws BlockException {
        int align = node.requestAlignment();
        long end = offset + dst.remaining();
        if (align > 1 && (offset % align != 0 || end % align != 0)) {
            long aStart = offset - offset % align;
            long aEnd = end % align == 0 ? end : end + align - end % align;
            ByteBuffer tmp = ByteBuffer.allocate(Math.toIntExact(aEnd - aStart));
            readSplit(node, aStart, tmp);
            tmp.position((int) (offset - aStart)).limit((int) (end - aStart));
            dst.put(tmp);
            return;
        }
        readSplit(node, offset, dst);
    }

    private static void readSplit(BlockNode node, long offset, ByteBuffer dst) throws BlockException {
        int max = maxChunk(node);
        long pos = offset;
        int limit = dst.limit();
        while (dst.hasRemaining()) {
            int n = Math.min(dst.remaining(), max);
            dst.limit(dst.position() + n);
            node.pread(pos, dst);
            dst.limit(limit);
            pos += n;
        }
    }

    private static int maxChunk(BlockNode node) {
        int align = Math.max(1, node.requestAlignment());
        int max = Math.max(align, node.maxTransfer());
        return max - max % align;
    }

    private void writeAligned(long offset, ByteBuffer src, int flags) throws BlockException {
        int align = root.requestAlignment();
        if (!src.hasRemaining() && offset % align != 0) {
            return; // QEMU: aligning a zero-length request is nonsense, it succeeds doing nothing
        }
        long end = offset + src.remaining();
        long aStart = offset - offset % align;
        long aEnd = end % align == 0 ? end : end + align - end % align;
        try (RangeLocks.Range ignored = writes.acquire(aStart, Math.max(aEnd, aStart + 1))) {
            if (aStart == offset && aEnd == end) {
                writeSplit(offset, src, flags);
                return;
            }
            ByteBuffer tmp = ByteBuffer.allocate(Math.toIntExact(aEnd - aStart));
            readSplit(root, aStart, tmp.duplicate());
            tmp.position((int) (offset - aStart));
            tmp.put(src);
            tmp.clear();
            writeSplit(aStart, tmp, flags);
        }
    }

    private void writeSplit(long offset, ByteBuffer src, int flags) throws BlockException {
        int max = maxChunk(root);
        long pos = offset;
        int limit = src.limit();
        if (!src.hasRemaining() && root.seesEmptyWrites()) {
            root.pwrite(pos, src, flags); // QEMU passes an aligned empty write down to the driver
            return;
        }
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), max);
            src.limit(src.position() + n);
            root.pwrite(pos, src, flags);
            src.limit(limit);
            pos += n;
        }
    }

    /** Makes the range read as zeroes; unaligned edges are written as explicit zero bytes. */
    public void writeZeroes(long offset, long bytes, int flags) throws BlockException {
        checkWritable();
        checkRequest(offset, bytes);
        if (bytes == 0) {
            return;
        }
        int align = root.requestAlignment();
        long end = offset + bytes;
        long headEnd = Math.min(end, offset % align == 0 ? offset : offset + align - offset % align);
        long tailStart = Math.max(headEnd, end - end % align);
        if (headEnd > offset) {
            writeAligned(offset, ByteBuffer.allocate((int) (headEnd - offset)), flags & BlockNode.WRITE_FUA);
        }
        if (tailStart > headEnd) {
            try (RangeLocks.Range ignored = writes.acquire(headEnd, tailStart)) {
                root.pwriteZeroes(headEnd, tailStart - headEnd, flags);
            }
        }
        if (end > tailStart) {
            writeAligned(tailStart, ByteBuffer.allocate((int) (end - tailStart)), flags & BlockNode.WRITE_FUA);
        }
    }

    /**
     * Discards the range when the node was opened with discard=unmap (qemu-io's default). The
     * whole range goes to the node, unaligned edges included (QEMU splits at alignment boundaries
     * but passes the pieces on; the file protocol punches them, which zeroes partial blocks).
     */
    public void discard(long offset, long bytes) throws BlockException {
        checkWritable();
        checkRequest(offset, bytes);
        if (!root.flags().unmap() || bytes == 0) {
            return;
        }
        try (RangeLocks.Range ignored = writes.acquire(offset, offset + bytes)) {
            root.pdiscard(offset, bytes);
        }
    }

    public void flush() throws BlockException {
        root.flush();
    }

    /** Resizes the image (qemu-io truncate, qemu-img resize). */
    public void truncate(long newSize, boolean exact, Preallocation prealloc) throws BlockException {
        checkWritable();
        if (newSize < 0) {
            throw new BlockException(Errno.EINVAL, "Invalid argument");
        }
        root.truncate(newSize, exact, prealloc);
    }

    @Override
    public void close() throws BlockException {
        root.close();
    }
}
