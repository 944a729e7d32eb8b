package io.jiotests.engine.file;

import com.sun.nio.file.ExtendedOpenOption;
import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.block.ReopenTransaction;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An open host file (QEMU's file-posix node). Data goes through a {@link FileChannel}
 * (O_DIRECT with cache=none); a second descriptor opened with libc serves what NIO lacks:
 * SEEK_DATA / SEEK_HOLE, fallocate, ftruncate, fstat and the image locks.
 */
final class FileNode implements BlockNode {
    private static final int ZERO_CHUNK = 1 << 20;

    private final FileDriver driver;
    private final String filename;
    private final Path path;
    private final boolean locking;
    private final ImageLock.Role role;
    private volatile OpenFlags flags;
    private volatile Handle handle;

    /** The request alignment under O_DIRECT, as QEMU finds it for 512-byte-sector disks. */
    private static final int DIRECT_REQUEST_ALIGNMENT = 512;
    /** Serialises the read-modify-write of JDK-sized blocks under O_DIRECT. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock directRmw =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    /**
     * One opening of the file: descriptor, channel, and the transfer alignment the JDK demands of
     * it (1 without O_DIRECT, the file system block size with it).
     */
    private record Handle(int fd, FileChannel channel, int alignment, boolean locked,
                          java.util.concurrent.atomic.AtomicBoolean closed) {
        Handle(int fd, FileChannel channel, int alignment, boolean locked) {
            this(fd, channel, alignment, locked, new java.util.concurrent.atomic.AtomicBoolean());
        }

        /**
         * Closes once: a second close of the same descriptor number would close whatever file
         * another thread of this process has opened under that number since (and drop its locks).
         * The lock bytes are released first, as QEMU drops its permissions before it closes: a
         * process forked meanwhile by another thread holds the descriptor until its exec, and
         * with it the open file description and its locks (in-process, a concurrent test's
         * child then made this image look in use to the next command).
         */
        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            if (locked) {
                ImageLock.release(fd);
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a channel we only read from or already flushed: nothing left to report
            }
            PosixLib.close(fd);
        }
    }

    FileNode(FileDriver driver, String filename, Path path, OpenFlags flags, boolean locking, ImageLock.Role role)
            throws BlockException {
        this.role = role;
        this.driver = driver;
        this.filename = filename;
        this.path = path;
        this.flags = flags;
        this.locking = locking;
        this.handle = openHandle(flags);
    }

    private Handle openHandle(OpenFlags f) throws BlockException {
        int fd;
        try {
            fd = PosixLib.open(path.toString(), f.writable() ? PosixLib.O_RDWR : PosixLib.O_RDONLY, 0);
        } catch (PosixLib.PosixException e) {
            throw BlockException.withErrno(e.asErrno(), "Could not open '" + filename + "'");
        }
        FileChannel ch = null;
        try {
            PosixLib.Stat st = PosixLib.fstat(fd);
            if (st.isDirectory()) {
                throw BlockException.withErrno(Errno.EISDIR, "Could not open '" + filename + "'");
            }
            if (locking) {
                int perm = ImageLock.permissions(f, role);
                int shared = ImageLock.shared(f, role);
                try {
                    ImageLock.apply(fd, perm, shared);
                } catch (BlockException e) {
                    throw new BlockException(e.errno(), e.getMessage()
                            + "\nIs another process using the image [" + filename + "]?");
                }
            }
            List<OpenOption> opts = new ArrayList<>();
            opts.add(StandardOpenOption.READ);
            if (f.writable()) {
                opts.add(StandardOpenOption.WRITE);
            }
            if (f.cache().direct()) {
                opts.add(ExtendedOpenOption.DIRECT);
            }
            try {
                ch = FileChannel.open(path, opts.toArray(new OpenOption[0]));
            } catch (IOException e) {
                throw BlockException.withErrno(f.cache().direct() ? Errno.EINVAL : Errno.EIO,
                        "Could not open '" + filename + "'");
            }
            int align = f.cache().direct() ? directAlignment() : 1;
            return new Handle(fd, ch, align, locking);
        } catch (PosixLib.PosixException e) {
            PosixLib.close(fd);
            throw BlockException.withErrno(e.asErrno(), "Could not open '" + filename + "'");
        } catch (BlockException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            if (locking) {
                ImageLock.release(fd);
            }
            PosixLib.close(fd);
            throw e;
        }
    }

    /** The alignment the JDK demands of O_DIRECT transfers on this file system. */
    private int directAlignment() {
        try {
            long bs = java.nio.file.Files.getFileStore(path).getBlockSize();
            return bs > 0 && bs <= 65536 && Long.bitCount(bs) == 1 ? (int) bs : 4096;
        } catch (IOException | UnsupportedOperationException e) {
            return 4096;
        }
    }

    @Override
    public BlockDriver driver() {
        return driver;
    }

    /**
     * The name QEMU shows: a relative name that would read as "protocol:rest" gets a "./" prefix
     * (file:a:b.raw is shown as ./a:b.raw).
     */
    @Override
    public String filename() {
        int colon = filename.indexOf(':');
        int slash = filename.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            return "./" + filename;
        }
        return filename;
    }

    @Override
    public OpenFlags flags() {
        return flags;
    }

    @Override
    public long length() throws BlockException {
        try {
            return handle.channel().size();
        } catch (IOException e) {
            throw new BlockException(Errno.EIO);
        }
    }

    @Override
    public int requestAlignment() {
        return handle.alignment() > 1 ? Math.min(DIRECT_REQUEST_ALIGNMENT, handle.alignment()) : 1;
    }

    /**
     * An aligned direct buffer of exactly {@code size} bytes: capacity, not just limit, so that a
     * later {@code clear()} cannot widen a transfer past the request (when the allocation happens
     * to be aligned already, the aligned slice keeps the whole over-allocation).
     */
    private ByteBuffer bounce(int size) {
        return alignedBuffer(size, handle.alignment());
    }

    static ByteBuffer alignedBuffer(int size, int alignment) {
        return ByteBuffer.allocateDirect(size + alignment).alignedSlice(alignment).slice(0, size);
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        Handle h = handle;
        if (h.alignment() <= 1) {
            readAt(h, offset, dst, false);
            return;
        }
        int a = h.alignment();
        if (alignedForDirect(offset, dst, a)) {
            // the kernel transfers straight into the caller's buffer: no bounce buffer, no copy
            int n = dst.remaining();
            readAt(h, offset, dst.slice(), true);
            dst.position(dst.position() + n);
            return;
        }
        long start = offset - offset % a;
        long end = offset + dst.remaining();
        long aEnd = end % a == 0 ? end : end + a - end % a;
        ByteBuffer target = bounce(Math.toIntExact(aEnd - start));
        readAt(h, start, target, true);
        target.flip().position((int) (offset - start)).limit((int) (end - start));
        dst.put(target);
    }

    /** Reads target full at pos; what lies past the end of the file reads as zeroes (file-posix). */
    private static void readAt(Handle h, long pos, ByteBuffer target, boolean direct) throws BlockException {
        try {
            while (target.hasRemaining()) {
                int want = target.remaining();
                int n = h.channel().read(target, pos);
                // a short O_DIRECT read is the end of the file: the next position would be unaligned
                if (n < 0 || (direct && n < want)) {
                    while (target.hasRemaining()) {
                        target.put((byte) 0);
                    }
                    return;
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new BlockException(Errno.EIO);
        }
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int writeFlags) throws BlockException {
        Handle h = handle;
        try {
            if (h.alignment() <= 1) {
                long pos = offset;
                while (src.hasRemaining()) {
                    pos += h.channel().write(src, pos);
                }
            } else {
                writeDirect(h, offset, src);
            }
            if ((writeFlags & WRITE_FUA) != 0 || flags.cache().writeThrough()) {
                h.channel().force(false);
            }
        } catch (IOException e) {
            throw new BlockException(errnoOf(e));
        }
    }

    /**
     * O_DIRECT write in the JDK's block size: the edge blocks are read, merged and written back,
     * and a file that grew is cut back to the end of the request, so that the file ends where it
     * would under QEMU's 512-byte alignment.
     */
    private void writeDirect(Handle h, long offset, ByteBuffer src) throws IOException, BlockException {
        int a = h.alignment();
        if (alignedForDirect(offset, src, a)) {
            // whole blocks from an aligned buffer: no edge blocks to merge, and the file cannot end
            // past the request, so no read-modify-write under the lock and no copy
            // (shared: a read-modify-write of a block in progress must not overwrite it after)
            directRmw.readLock().lock();
            try {
                long pos = offset;
                while (src.hasRemaining()) {
                    pos += h.channel().write(src, pos);
                }
            } finally {
                directRmw.readLock().unlock();
            }
            return;
        }
        int len = src.remaining();
        long end = offset + len;
        long start = offset - offset % a;
        long aEnd = end % a == 0 ? end : end + a - end % a;
        directRmw.writeLock().lock();
        try {
            long oldSize = h.channel().size();
            ByteBuffer buf = bounce(Math.toIntExact(aEnd - start));
            if (start != offset || aEnd != end) {
                readAt(h, start, buf, true);
                buf.clear();
            }
            buf.position((int) (offset - start));
            buf.put(src);
            buf.clear();
            long pos = start;
            while (buf.hasRemaining()) {
                pos += h.channel().write(buf, pos);
            }
            long wanted = Math.max(oldSize, end);
            if (aEnd > wanted) {
                PosixLib.ftruncate(h.fd(), wanted);
            }
        } catch (PosixLib.PosixException e) {
            throw new BlockException(e.asErrno());
        } finally {
            directRmw.writeLock().unlock();
        }
    }

    /**
     * An O_DIRECT transfer the kernel can take as it is: offset and length in whole blocks, and a
     * direct buffer whose memory at the position is block-aligned.
     */
    static boolean alignedForDirect(long offset, ByteBuffer buf, int a) {
        int n = buf.remaining();
        return buf.isDirect() && n > 0 && offset % a == 0 && n % a == 0
                && buf.alignmentOffset(buf.position(), a) == 0;
    }

    private static Errno errnoOf(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left")) {
            return Errno.ENOSPC;
        }
        if (m.contains("File too large")) {
            return Errno.EFBIG;
        }
        return Errno.EIO;
    }

    @Override
    public void flush() throws BlockException {
        if (flags.cache().noFlush() || !flags.writable()) {
            return;
        }
        try {
            handle.channel().force(false);
        } catch (IOException e) {
            throw new BlockException(Errno.EIO);
        }
    }

    @Override
    public void pwriteZeroes(long offset, long bytes, int zeroFlags) throws BlockException {
        int fd = handle.fd();
        // may unmap: punch the hole first (KEEP_SIZE: a range past the end does not grow the file)
        if ((zeroFlags & WRITE_MAY_UNMAP) != 0) {
            try {
                PosixLib.fallocate(fd, PosixLib.FALLOC_FL_PUNCH_HOLE | PosixLib.FALLOC_FL_KEEP_SIZE, offset, bytes);
                return;
            } catch (PosixLib.PosixException e) {
                // fall back to zeroing below
            }
        }
        try {
            PosixLib.fallocate(fd, PosixLib.FALLOC_FL_ZERO_RANGE, offset, bytes);
            return;
        } catch (PosixLib.PosixException e) {
            if (e.errno() != PosixLib.EOPNOTSUPP && e.errno() != Errno.ENOSYS.number()) {
                throw new BlockException(e.asErrno());
            }
        }
        if ((zeroFlags & WRITE_NO_FALLBACK) != 0) {
            throw new BlockException(Errno.ENOTSUP);
        }
        BlockNode.super.pwriteZeroes(offset, bytes, zeroFlags & ~WRITE_NO_FALLBACK);
    }

    @Override
    public void pdiscard(long offset, long bytes) throws BlockException {
        try {
            PosixLib.fallocate(handle.fd(), PosixLib.FALLOC_FL_PUNCH_HOLE | PosixLib.FALLOC_FL_KEEP_SIZE,
                    offset, bytes);
        } catch (PosixLib.PosixException e) {
            if (e.errno() != PosixLib.EOPNOTSUPP && e.errno() != Errno.ENOSYS.number()) {
                throw new BlockException(e.asErrno());
            }
        }
    }

    /** SEEK_DATA / SEEK_HOLE: data, or a hole that reads as zeroes, at the file's own offsets. */
    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) throws BlockException {
        int data = BlockStatus.DATA | BlockStatus.OFFSET_VALID;
        int zero = BlockStatus.ZERO | BlockStatus.OFFSET_VALID;
        if (!wantZero) {
            return new BlockStatus(data, bytes, offset, this);
        }
        int fd = handle.fd();
        try {
            long nextData;
            try {
                nextData = PosixLib.lseek(fd, offset, PosixLib.SEEK_DATA);
            } catch (PosixLib.PosixException e) {
                if (e.errno() == PosixLib.ENXIO) {
                    return new BlockStatus(zero, bytes, offset, this); // a hole up to the end
                }
                throw e;
            }
            if (nextData > offset) {
                return new BlockStatus(zero, Math.min(bytes, nextData - offset), offset, this);
            }
            long hole = PosixLib.lseek(fd, offset, PosixLib.SEEK_HOLE);
            long n = hole > offset ? Math.min(bytes, hole - offset) : bytes;
            return new BlockStatus(data, n, offset, this);
        } catch (PosixLib.PosixException e) {
            // no SEEK_DATA support: everything is data, as QEMU assumes
            return new BlockStatus(data, bytes, offset, this);
        }
    }

    @Override
    public void truncate(long newSize, boolean exact, Preallocation prealloc) throws BlockException {
        long old = length();
        if (prealloc != Preallocation.OFF && prealloc != Preallocation.FALLOC
                && prealloc != Preallocation.FULL) {
            throw new BlockException(Errno.ENOTSUP,
                    "Unsupported preallocation mode: " + prealloc.qemuName());
        }
        if (newSize < old && prealloc != Preallocation.OFF) {
            throw new BlockException(Errno.ENOTSUP, "Cannot use preallocation for shrinking files");
        }
        // a regular file always ends up exactly at newSize, whatever "exact" asks (as in QEMU)
        int fd = handle.fd();
        try {
            switch (prealloc) {
                case FALLOC -> {
                    if (newSize > old) {
                        PosixLib.fallocate(fd, 0, old, newSize - old);
                    }
                }
                case FULL -> {
                    long pos = old;
                    while (pos < newSize) {
                        int n = (int) Math.min(ZERO_CHUNK, newSize - pos);
                        pwrite(pos, ByteBuffer.allocate(n), 0);
                        pos += n;
                    }
                }
                default -> {
                    PosixLib.ftruncate(fd, newSize);
                    if (old == 0 && newSize > 0) {
                        FileDriver.allocateFirstBlock(path.toString(), newSize);
                    }
                }
            }
        } catch (PosixLib.PosixException e) {
            throw BlockException.withErrno(e.asErrno(), "Could not resize file");
        }
    }

    @Override
    public long allocatedFileSize() throws BlockException {
        try {
            return PosixLib.fstat(handle.fd()).blocks() * 512;
        } catch (PosixLib.PosixException e) {
            throw new BlockException(e.asErrno());
        }
    }

    /** Under O_DIRECT, io_uring requests on the same file (null without O_DIRECT or io_uring). */
    @Override
    public io.jiotests.engine.block.AsyncRequests openAsync(int depth) {
        Handle h = handle;
        return h.alignment() > 1 ? FileAsyncRequests.open(h.fd(), flags.writable(), h.alignment(), depth) : null;
    }

    @Override
    public void invalidateCache() {
        // reads always go to the host file: nothing cached in the node
    }

    @Override
    public ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        // the new descriptor takes over this node's permissions: the old one's locks must not
        // conflict with it (as they would when a read-only format child becomes writable)
        Handle current = handle;
        if (locking) {
            ImageLock.release(current.fd());
        }
        Handle fresh;
        try {
            fresh = openHandle(newFlags);
        } catch (BlockException e) {
            relock(current, flags);
            throw e;
        }
        return new ReopenTransaction() {
            @Override
            public void commit() {
                Handle old = handle;
                handle = fresh;
                flags = newFlags;
                old.close();
            }

            @Override
            public void abort() {
                fresh.close();
                relock(current, flags);
            }
        };
    }

    /**
     * While an update runs, also unshares consistent read and write (QEMU's crypto driver when it
     * updates keys: another user holding either makes it fail with "Failed to get shared
     * \"consistent read\" lock", consistent read being checked first).
     */
    @Override
    public void exclusiveUpdate(boolean exclusive) throws BlockException {
        if (!locking) {
            return;
        }
        OpenFlags f = flags;
        Handle h = handle;
        int perm = ImageLock.permissions(f, role);
        int shared = ImageLock.shared(f, role);
        if (!exclusive) {
            relock(h, f);
            return;
        }
        try {
            ImageLock.apply(h.fd(), perm | ImageLock.PERM_CONSISTENT_READ | ImageLock.PERM_WRITE,
                    shared & ~(ImageLock.PERM_CONSISTENT_READ | ImageLock.PERM_WRITE));
        } catch (BlockException e) {
            relock(h, f);
            throw new BlockException(e.errno(), e.getMessage()
                    + "\nIs another process using the image [" + filename + "]?");
        }
    }

    /** Puts a handle's locks back after a failed or aborted reopen (nobody can have taken them meanwhile but a racing process). */
    private void relock(Handle h, OpenFlags f) {
        if (!locking) {
            return;
        }
        try {
            ImageLock.apply(h.fd(), ImageLock.permissions(f, role), ImageLock.shared(f, role));
        } catch (BlockException e) {
            // another process took the image in the window: keep running without the locks, as
            // QEMU does when it cannot restore its permissions
        }
    }

    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "file:" + filename;
    }
}
