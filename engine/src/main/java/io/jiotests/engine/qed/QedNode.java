package io.jiotests.engine.qed;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FirstFailure;
import io.jiotests.engine.block.FormatNodeBase;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.block.ReopenTransaction;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open QED image. Requests are serialized by one lock. Like QEMU, the first allocating write
 * of an image without a backing file sets the need-check bit, and a clean close clears it.
 * Requests are sector-based (QEMU's QED driver has a 512-byte request alignment); zero writes of
 * whole clusters become zero clusters, partial clusters are written as zero bytes. Discard is not
 * supported by the format and does nothing.
 */
public final class QedNode extends FormatNodeBase<QedDriver> {
    private QedState s;
    private QedClusterMap map;
    private QedIo io;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    QedNode(QedDriver driver, String filename, OpenFlags flags, QedState s) {
        super(driver, filename, s.file, flags);
        attach(s);
    }

    private void attach(QedState state) {
        this.s = state;
        this.map = new QedClusterMap(state);
        this.io = new QedIo(state, map);
    }

    @Override
    public BlockNode backing() {
        return s.backing;
    }

    @Override
    public void setBacking(BlockNode backing) {
        s.backing = backing;
    }

    @Override
    public String backingFilename() {
        return s.backingFile;
    }

    @Override
    public String backingFormat() {
        return s.backingFormat;
    }

    /** The header as currently known (a copy). */
    public QedHeader header() {
        return s.header.copy();
    }

    @Override
    public long length() {
        return s.header.imageSize;
    }

    @Override
    public int requestAlignment() {
        return 512;
    }

    @Override
    public int clusterSize() {
        return s.clusterSize;
    }

    /** Whether the need-check bit is set (qemu-img info does not report it: QEMU 7.2 shows qed as clean). */
    public boolean needsCheck() {
        return s.header.needCheck();
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        int n = dst.remaining();
        boolean direct = dst.hasArray();
        byte[] b = direct ? dst.array() : new byte[n];
        int at = direct ? dst.arrayOffset() + dst.position() : 0;
        lock.lock();
        try {
            io.read(offset, b, at, n);
        } finally {
            lock.unlock();
        }
        if (direct) {
            dst.position(dst.position() + n);
        } else {
            dst.put(b);
        }
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int wflags) throws BlockException {
        if ((wflags & WRITE_COMPRESSED) != 0) {
            throw new BlockException(Errno.ENOTSUP, "Compression not supported for this file format");
        }
        int n = src.remaining();
        byte[] b;
        int at;
        if (src.hasArray()) {
            b = src.array();
            at = src.arrayOffset() + src.position();
            src.position(src.position() + n);
        } else {
            b = new byte[n];
            at = 0;
            src.get(b);
        }
        lock.lock();
        try {
            io.write(offset, b, at, n);
            if ((wflags & WRITE_FUA) != 0) {
                s.file.flush();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * QEMU's generic zero-write loop with the cluster as zero-write alignment: a partial head and
     * tail cluster are written as zero bytes, the whole clusters between as zero clusters.
     */
    @Override
    public void pwriteZeroes(long offset, long bytes, int zflags) throws BlockException {
        lock.lock();
        try {
            long end = offset + bytes;
            long cur = offset;
            while (cur < end) {
                long into = s.offsetIntoCluster(cur);
                long n;
                boolean whole;
                if (into != 0) {
                    n = Math.min(end - cur, s.clusterSize - into);
                    whole = false;
                } else if (end - cur >= s.clusterSize) {
                    n = (end - cur) & ~((long) s.clusterSize - 1);
                    n = Math.min(n, 1L << 30);
                    whole = true;
                } else {
                    n = end - cur;
                    whole = false;
                }
                if (whole) {
                    io.write(cur, null, 0, (int) n);
                } else {
                    if ((zflags & WRITE_NO_FALLBACK) != 0) {
                        throw new BlockException(Errno.ENOTSUP);
                    }
                    io.write(cur, new byte[(int) n], 0, (int) n);
                }
                cur += n;
            }
            if ((zflags & WRITE_FUA) != 0) {
                s.file.flush();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) throws BlockException {
        lock.lock();
        try {
            QedClusterMap.Run run = map.find(offset, bytes);
            int st;
            long mapOffset = 0;
            BlockNode f = null;
            switch (run.kind()) {
                case DATA -> {
                    st = BlockStatus.DATA | BlockStatus.ALLOCATED | BlockStatus.OFFSET_VALID;
                    mapOffset = run.hostOffset() | s.offsetIntoCluster(offset);
                    f = s.file;
                }
                case ZERO -> st = BlockStatus.ZERO | BlockStatus.ALLOCATED;
                default -> st = 0;
            }
            if (offset + run.bytes() >= length()) {
                st |= BlockStatus.EOF;
            }
            return new BlockStatus(st, run.bytes(), mapOffset, f);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() throws BlockException {
        s.file.flush();
    }

    @Override
    public void truncate(long newSize, boolean exact, Preallocation prealloc) throws BlockException {
        lock.lock();
        try {
            if (prealloc != Preallocation.OFF) {
                throw new BlockException(Errno.ENOTSUP, "Unsupported preallocation mode '"
                        + prealloc.name().toLowerCase(java.util.Locale.ROOT) + "'");
            }
            if (!QedHeader.isImageSizeValid(newSize, s.header.clusterSize, s.header.tableSize)) {
                throw new BlockException(Errno.EINVAL, "Invalid image size specified");
            }
            if (newSize < s.header.imageSize) {
                throw new BlockException(Errno.ENOTSUP, "Shrinking images is currently not supported");
            }
            long old = s.header.imageSize;
            s.header.imageSize = newSize;
            try {
                s.writeHeader();
            } catch (BlockException e) {
                s.header.imageSize = old;
                throw BlockException.withErrno(e.errno(), "Failed to update the image size");
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CheckResult check(CheckMode mode, PrintStream report) throws BlockException {
        lock.lock();
        try {
            boolean fix = mode != CheckMode.NONE;
            QedCheck.Counts c = new QedCheck(s, fix && s.writable).run();
            return new CheckResult(c.corruptions(), c.leaks(), c.checkErrors(), c.corruptionsFixed(),
                    0, 0, c.allocated(), c.total(), c.fragmented(), 0);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void changeBackingFile(String backingFile, String backingFormat) throws BlockException {
        lock.lock();
        try {
            QedBacking.change(s, backingFile, backingFormat);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void invalidateCache() throws BlockException {
        lock.lock();
        try {
            s.file.invalidateCache();
            QedState fresh;
            try {
                fresh = QedOpen.open(s.file, flags.withCheckOnly(true));
            } catch (BlockException e) {
                throw e.prepend("Could not reopen qed layer: ");
            }
            fresh.backing = s.backing;
            fresh.writable = s.writable;
            attach(fresh);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        ReopenTransaction inner = s.file.reopenPrepare(newFlags);
        return new ReopenTransaction() {
            @Override
            public void commit() {
                lock.lock();
                try {
                    if (s.writable && !newFlags.writable()) {
                        try {
                            clearNeedCheck();
                        } catch (BlockException e) {
                            // the bit stays set: the next read-write open checks the image
                        }
                    }
                    inner.commit();
                    flags = newFlags;
                    s.writable = newFlags.writable();
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void abort() {
                inner.abort();
            }
        };
    }

    private void clearNeedCheck() throws BlockException {
        s.file.flush();
        if (s.header.needCheck()) {
            s.header.features &= ~QedHeader.F_NEED_CHECK;
            s.writeHeader();
        }
    }

    @Override
    public void close() throws BlockException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            FirstFailure failure = new FirstFailure();
            if (s.writable) {
                try {
                    clearNeedCheck();
                } catch (BlockException e) {
                    failure.add(e);
                }
            }
            failure.close(s.backing);
            failure.close(s.file);
            failure.throwIfAny();
        } finally {
            lock.unlock();
        }
    }
}
