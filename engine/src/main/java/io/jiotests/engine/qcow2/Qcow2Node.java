package io.jiotests.engine.qcow2;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.AsyncRequests;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FirstFailure;
import io.jiotests.engine.block.FormatNodeBase;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.block.ReopenTransaction;
import io.jiotests.engine.block.SnapshotInfo;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An open qcow2 image. Guest reads and uncompressed writes run concurrently ({@link Qcow2DataPath}:
 * a metadata lock held only for metadata work, allocating writes serialized per guest cluster
 * range); every other operation (zeroes, discard, compressed writes, resize, snapshots, check,
 * amend, close) drains them and runs alone. All I/O goes through the protocol node below
 * ({@link #file()}) and the external data file node, if any.
 */
public final class Qcow2Node extends FormatNodeBase<Qcow2Driver> {
    final Qcow2State s;
    final Qcow2ClusterMap map;
    final Qcow2Reader reader;
    final Qcow2Writer writer;
    final Qcow2Zero zero;
    final Qcow2DataPath dataPath;
    /** Tells a caller that orders its writes (block.WriteOrder) when a write's clusters are allocated. */
    private final Runnable reservedHook = () -> io.jiotests.engine.block.WriteOrder.reserved(this);
    /** Shared by guest reads and writes (which order themselves), exclusive for everything else. */
    private final ReentrantReadWriteLock drain = new ReentrantReadWriteLock();
    private final Lock requests = drain.readLock();
    private final Lock lock = drain.writeLock();
    private boolean closed;
    /** Set by {@link #abandon()}: close as a killed process would leave the image. */
    private volatile boolean abandoned;
    private final List<String> openWarnings = new ArrayList<>();
    private final StringBuilder openMessages = new StringBuilder();

    Qcow2Node(Qcow2Driver driver, String filename, OpenFlags flags, Qcow2State s) {
        super(driver, filename, s.file, flags);
        this.s = s;
        this.map = new Qcow2ClusterMap(s);
        this.reader = new Qcow2Reader(s, map);
        this.writer = new Qcow2Writer(s, map, reader);
        this.zero = new Qcow2Zero(s, map, writer);
        this.dataPath = new Qcow2DataPath(s, map, reader, writer);
    }

    @Override
    public ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        return Qcow2Reopen.prepare(this, s, newFlags, lock);
    }

    /** Called by a committed reopen. */
    void switchFlags(OpenFlags newFlags) {
        this.flags = newFlags;
    }

    /** The external data file node, or null if the data is in the image file. */
    public BlockNode dataFile() {
        return s.hasDataFile() ? s.dataFile : null;
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
        return s.header.backingFile;
    }

    @Override
    public String backingFormat() {
        return s.header.backingFormat;
    }

    /**
     * A zero-length compressed write ends a compressed stream (qemu-img convert -c sends one): like
     * QEMU, the image file's end is aligned up to a 512-byte sector boundary for sector-based readers.
     */
    private void alignFileEndToSector() throws BlockException {
        long len = s.file.length();
        if (len % 512 != 0 && len <= Long.MAX_VALUE - 511) {
            s.file.truncate((len + 511) & ~511L, false, Preallocation.OFF);
        }
    }

    @Override
    public long length() {
        return s.size & ~511L; // QEMU: total_sectors = size / 512 (rounds down)
    }

    @Override
    public int clusterSize() {
        return s.clusterSize;
    }

    /**
     * QEMU's l1_vm_state_index: the VM state starts at the first L1 entry the virtual disk does not
     * use, that is after the disk rounded up to the range one L2 table maps.
     */
    @Override
    public long vmStateOffset() {
        int shift = s.clusterBits + s.l2Bits;
        return s.l1EntriesFor(length()) << shift;
    }

    @Override
    public void vmstateRead(long pos, ByteBuffer dst) throws BlockException {
        int n = dst.remaining();
        byte[] b = new byte[n];
        underLock(() -> reader.read(vmStateOffset() + pos, b, 0, n));
        dst.put(b);
    }

    @Override
    public void vmstateWrite(long pos, ByteBuffer src) throws BlockException {
        int n = src.remaining();
        byte[] b = new byte[n];
        src.duplicate().get(b);
        underLock(() -> {
            checkWritable();
            markDirtyIfLazy();
            writer.write(vmStateOffset() + pos, b, 0, n);
        });
        src.position(src.position() + n);
    }

    @Override
    public boolean isDirty() {
        return (s.header.incompatibleFeatures & Qcow2Header.INCOMPAT_DIRTY) != 0;
    }

    /** The parsed header (read-only use: tools that print header details). */
    public Qcow2Header header() {
        return s.header;
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        int n = dst.remaining();
        // a direct buffer: data clusters go straight from the file into it, no heap copy
        boolean direct = !dst.hasArray() && !dst.isReadOnly();
        byte[] b = direct ? null : dst.hasArray() ? dst.array() : new byte[n];
        int pos = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
        requests.lock();
        try {
            checkAlive();
            if (direct) {
                dataPath.read(offset, dst);
            } else {
                dataPath.read(offset, b, pos, n);
            }
        } finally {
            requests.unlock();
        }
        if (direct || dst.hasArray()) {
            dst.position(dst.position() + n);
        } else {
            dst.put(b);
        }
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int wflags) throws BlockException {
        int n = src.remaining();
        if ((wflags & WRITE_COMPRESSED) != 0) {
            pwriteCompressed(offset, src);
            return;
        }
        requests.lock();
        try {
            checkAlive();
            checkWritable();
            // a direct buffer goes straight to the file, no heap copy
            dataPath.write(offset, src, reservedHook);
            if ((wflags & WRITE_FUA) != 0) {
                s.meta.lock();
                try {
                    flushLocked();
                } finally {
                    s.meta.unlock();
                }
            }
        } finally {
            requests.unlock();
        }
        src.position(src.position() + n);
    }

    @Override // requests into owned allocated clusters go to the data file's queue (none with encryption)
    public AsyncRequests openAsync(int depth) throws BlockException {
        AsyncRequests inner = s.crypto == null ? s.dataFile.openAsync(depth) : null;
        return inner == null ? null : new Qcow2AsyncRequests(this, s, dataPath, inner);
    }

    private void pwriteCompressed(long offset, ByteBuffer src) throws BlockException {
        int n = src.remaining();
        byte[] b;
        int pos;
        if (src.hasArray()) {
            b = src.array();
            pos = src.arrayOffset() + src.position();
        } else {
            b = new byte[n];
            src.duplicate().get(b);
            pos = 0;
        }
        lock.lock();
        try {
            checkAlive();
            checkWritable();
            if (n == 0) {
                alignFileEndToSector();
                return;
            }
            markDirtyIfLazy();
            s.bitmaps.markDirty(offset, n);
            new Qcow2CompressedWriter(s, map, writer).write(offset, b, pos, n);
        } finally {
            lock.unlock();
        }
        src.position(src.position() + n);
    }

    /**
     * Compresses one cluster outside the lock (convert -c runs several of these at once); the
     * commit allocates and writes under the lock, in the order the caller commits.
     */
    @Override
    public PreparedWrite prepareCompressedWrite(long offset, ByteBuffer src) throws BlockException {
        int n = src.remaining();
        if (n == 0 || n > s.clusterSize || s.hasDataFile()) {
            return super.prepareCompressedWrite(offset, src);
        }
        byte[] b = new byte[n];
        src.duplicate().get(b);
        byte[] out = Qcow2CompressedWriter.compress(s.header.compressionType, s.clusterSize, b, 0, n);
        return () -> {
            lock.lock();
            try {
                checkAlive();
                markDirtyIfLazy();
                new Qcow2CompressedWriter(s, map, writer).writePrepared(offset, b, 0, n, out);
            } finally {
                lock.unlock();
            }
        };
    }

    @Override
    public void pwriteZeroes(long offset, long bytes, int zflags) throws BlockException {
        lock.lock();
        try {
            checkAlive();
            checkWritable();
            markDirtyIfLazy();
            s.bitmaps.markDirty(offset, bytes);
            int f = s.unmap ? zflags : zflags & ~WRITE_MAY_UNMAP;
            zero.writeZeroes(offset, bytes, f);
            if ((zflags & WRITE_FUA) != 0) {
                flushLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void pdiscard(long offset, long bytes) throws BlockException {
        if (!s.unmap) {
            return;
        }
        lock.lock();
        try {
            checkAlive();
            checkWritable();
            markDirtyIfLazy();
            s.bitmaps.markDirty(offset, bytes);
            zero.discardRequest(offset, bytes);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) throws BlockException {
        requests.lock();
        try {
            return dataPath.blockStatus(offset, bytes, length());
        } finally {
            requests.unlock();
        }
    }

    /** The body of a metadata operation: runs under the node's lock on a live node. */
    @FunctionalInterface
    private interface LockedAction {
        void run() throws BlockException;
    }

    private void underLock(LockedAction action) throws BlockException {
        lock.lock();
        try {
            checkAlive();
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private void checkAlive() throws BlockException {
        if (s.dead) {
            throw new BlockException(Errno.ENOMEDIUM);
        }
    }

    /** The generic layer refuses writes to a read-only node; this guards direct callers too. */
    private void checkWritable() throws BlockException {
        if (!s.writable) {
            throw new BlockException(Errno.EACCES);
        }
    }

    private void markDirtyIfLazy() throws BlockException {
        dataPath.markDirtyIfLazy();
    }

    private void writeCaches() throws BlockException {
        s.l2Cache.flush();
        s.refblockCache.flush();
    }

    private void flushLocked() throws BlockException {
        s.file.debugEvent(BlkdebugEvent.FLUSH_TO_OS);
        writeCaches();
        if (s.hasDataFile()) {
            s.dataFile.flush();
        }
        s.file.debugEvent(BlkdebugEvent.FLUSH_TO_DISK);
        s.file.flush();
    }

    @Override
    public void flush() throws BlockException {
        requests.lock();
        s.meta.lock();
        try {
            if (s.writable) {
                flushLocked();
            } else {
                s.file.flush();
            }
        } finally {
            s.meta.unlock();
            requests.unlock();
        }
    }

    @Override
    public void truncate(long newSize, boolean exact, Preallocation prealloc) throws BlockException {
        lock.lock();
        try {
            checkAlive();
            if (!s.writable) {
                throw new BlockException(Errno.EACCES,
                        "Image is read-only");
            }
            for (io.jiotests.engine.block.DirtyBitmap bm : s.bitmaps.list().reversed()) { // directory order
                String bad = bm.checkUsable(false);
                if (bad != null) {
                    throw new BlockException(Errno.EPERM, bad);
                }
            }
            new Qcow2Resize(s, map, writer).resize(newSize, prealloc);
            for (io.jiotests.engine.block.DirtyBitmap bm : s.bitmaps.list()) {
                bm.truncate(s.size);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void makeEmpty() throws BlockException {
        lock.lock();
        try {
            checkAlive();
            new Qcow2MakeEmpty(s, zero).run();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CheckResult check(CheckMode mode, PrintStream report) throws BlockException {
        lock.lock();
        try {
            CheckResult r;
            PrintStream sink = s.messages;
            s.messages = report; // corruption events interleave with the check's own lines
            try {
                r = new Qcow2Check(s, map, mode, report).run();
            } finally {
                s.messages = sink;
                report.flush();
            }
            if (mode != CheckMode.NONE && s.writable && r.checkErrors() == 0
                    && r.corruptions() == 0 && s.qcowVersion >= 3) {
                long clean = s.header.incompatibleFeatures
                        & ~(Qcow2Header.INCOMPAT_DIRTY | Qcow2Header.INCOMPAT_CORRUPT);
                if (clean != s.header.incompatibleFeatures) {
                    s.header.incompatibleFeatures = clean;
                    byte[] b = new byte[8];
                    Qcow2Io.putBe64(b, 0, clean);
                    Qcow2Io.write(s.file, 72, b);
                    s.dirtyMarked = false;
                    s.corruptMarked = false;
                }
            }
            return r;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<SnapshotInfo> snapshots() throws BlockException {
        lock.lock();
        try {
            List<SnapshotInfo> out = new ArrayList<>();
            for (Qcow2Snapshots.Snapshot sn : Qcow2Snapshots.read(s)) {
                out.add(sn.info());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void amend(OptionValues opts, boolean force, PrintStream progress) throws BlockException {
        amend(opts, force, progress, null);
    }

    @Override
    public void amend(OptionValues opts, boolean force, PrintStream progress, AmendStatus status)
            throws BlockException {
        underLock(() -> new Qcow2Amend(s, map, writer, status).amend(opts, force));
    }

    @Override
    public void changeBackingFile(String backingFile, String backingFormat) throws BlockException {
        underLock(() -> new Qcow2Amend(s, map, writer).changeBackingFile(backingFile, backingFormat));
    }

    @Override
    public void snapshotCreate(SnapshotInfo info) throws BlockException {
        underLock(() -> new Qcow2SnapshotOps(s, map, writer).create(info));
    }

    @Override
    public void snapshotApply(String idOrName) throws BlockException {
        underLock(() -> {
            if (!s.bitmaps.list().isEmpty()) {
                // QEMU refuses before it even looks for the snapshot
                throw new BlockException(Errno.EBUSY, "Device has active dirty bitmaps");
            }
            new Qcow2SnapshotOps(s, map, writer).apply(idOrName);
        });
    }

    @Override
    public void snapshotLoadTmp(String id, String name) throws BlockException {
        underLock(() -> new Qcow2SnapshotOps(s, map, writer).loadTmp(id, name));
    }

    @Override
    public void snapshotDelete(String id, String name) throws BlockException {
        underLock(() -> new Qcow2SnapshotOps(s, map, writer).delete(id, name));
    }

    @Override
    public void setMessageSink(PrintStream sink) {
        s.messages = sink;
    }

    void addOpenMessages(String text) {
        openMessages.append(text);
    }

    @Override
    public String takeOpenMessages() {
        String out = openMessages.toString();
        openMessages.setLength(0);
        return out;
    }

    void addOpenWarning(String w) {
        openWarnings.add(w);
    }

    @Override
    public List<String> takeOpenWarnings() {
        List<String> out = List.copyOf(openWarnings);
        openWarnings.clear();
        return out;
    }

    @Override
    public io.jiotests.engine.block.DirtyBitmaps dirtyBitmaps() {
        return s.bitmaps;
    }

    /** Encrypted images are read and written in whole 512-byte sectors (QEMU's request alignment). */
    @Override
    public int requestAlignment() {
        return s.crypto != null ? Qcow2Crypto.SECTOR : 1;
    }

    @Override
    public boolean isEncrypted() {
        return s.header.cryptMethod != 0;
    }

    @Override
    public Map<String, Object> formatSpecificInfo() {
        return Qcow2FormatInfo.of(s);
    }

    @Override
    public void abandon() {
        abandoned = true;
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
            if (s.writable && !s.dead && abandoned && s.dirtyMarked) {
                try {
                    // lazy refcounts: QEMU writes L2 updates without waiting for the refcounts;
                    // a killed process leaves them, the dirty bit and stale refcounts on disk
                    s.l2Cache.flush();
                } catch (BlockException e) {
                    failure.add(e);
                }
            } else if (s.writable && !s.dead) {
                try {
                    s.bitmaps.store();
                    writeCaches();
                    if (s.dirtyMarked) {
                        s.file.flush();
                        s.header.incompatibleFeatures &= ~Qcow2Header.INCOMPAT_DIRTY;
                        byte[] b = new byte[8];
                        Qcow2Io.putBe64(b, 0, s.header.incompatibleFeatures);
                        Qcow2Io.write(s.file, 72, b);
                        s.dirtyMarked = false;
                    }
                    s.file.flush();
                } catch (BlockException e) {
                    failure.add(e);
                }
            }
            failure.close(s.backing);
            if (s.hasDataFile()) {
                failure.close(s.dataFile);
            }
            failure.close(s.file);
            failure.throwIfAny();
        } finally {
            lock.unlock();
        }
    }
}
