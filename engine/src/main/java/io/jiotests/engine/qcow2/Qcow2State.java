package io.jiotests.engine.qcow2;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;

/**
 * The in-memory state of an open qcow2 image that the metadata helpers share: geometry, the L1
 * table, the metadata caches, the refcount structures and the nodes below.
 */
final class Qcow2State {
    /** Offset bits of an L1 / L2 / refcount table entry. */
    static final long L1E_OFFSET_MASK = 0x00fffffffffffe00L;
    static final long L2E_OFFSET_MASK = 0x00fffffffffffe00L;
    static final long REFT_OFFSET_MASK = 0xfffffffffffffe00L;
    static final long OFLAG_COPIED = 1L << 63;
    static final long OFLAG_COMPRESSED = 1L << 62;
    static final long OFLAG_ZERO = 1L;
    /** Largest host offset qcow2 can address (QCOW_MAX_CLUSTER_OFFSET). */
    static final long MAX_CLUSTER_OFFSET = (1L << 56) - 1;
    static final int MAX_REFTABLE_SIZE = 1 << 23;
    static final int MAX_L1_SIZE = 1 << 25;

    final BlockNode file;
    /** The data encryption (crypt_method 1 or 2), or null. */
    Qcow2Crypto crypto;
    BlockNode dataFile;
    final Qcow2Header header;
    final int clusterBits;
    final int clusterSize;
    final int l2Bits;
    final int l2Size;
    final boolean extendedL2;
    final int subclusterBits;
    final int subclusterSize;
    final int csizeShift;
    final int csizeMask;
    final long clusterOffsetMask;
    int qcowVersion;
    long size;
    long[] l1Table;
    int l1Size;
    long l1TableOffset;
    final Qcow2Cache l2Cache;
    final Qcow2Cache refblockCache;
    /** Replaced when amend changes the refcount width. */
    Qcow2Refcounts refcounts;
    /** Persistent dirty bitmaps. */
    final Qcow2Bitmaps bitmaps;
    BlockNode backing;
    boolean writable;
    boolean unmap;
    /** pass-discard-request / -snapshot / -other. */
    boolean passDiscardRequest = true;
    boolean passDiscardSnapshot = true;
    boolean passDiscardOther;
    boolean lazyRefcounts;
    boolean dirtyMarked;
    boolean corruptMarked;
    /** Runs queued L2 updates of a multi-run write when QEMU's request would yield for I/O. */
    interface YieldPoint {
        void run() throws BlockException;
    }

    /**
     * Called where QEMU's allocating coroutine waits for metadata I/O (L2 table allocation); set
     * per thread by the write in progress on it.
     */
    final ThreadLocal<YieldPoint> metadataYield = new ThreadLocal<>();
    /**
     * Guards the metadata (L1 table, L2 and refcount caches, allocation, header flags) while
     * concurrent requests look up or change it; never held across guest data I/O.
     */
    final java.util.concurrent.locks.ReentrantLock meta = new java.util.concurrent.locks.ReentrantLock();
    /** After a fatal corruption event every request fails (QEMU drops the driver). */
    boolean dead;

    Qcow2State(BlockNode file, Qcow2Header header) throws BlockException {
        this.file = file;
        this.dataFile = file;
        this.header = header;
        this.clusterBits = header.clusterBits;
        this.clusterSize = 1 << clusterBits;
        this.extendedL2 = header.hasExtendedL2();
        this.l2Bits = clusterBits - (extendedL2 ? 4 : 3);
        this.l2Size = 1 << l2Bits;
        this.subclusterBits = clusterBits - (extendedL2 ? 5 : 0);
        this.subclusterSize = 1 << subclusterBits;
        this.csizeShift = 62 - (clusterBits - 8);
        this.csizeMask = (1 << (clusterBits - 8)) - 1;
        this.clusterOffsetMask = (1L << csizeShift) - 1;
        this.qcowVersion = header.version;
        this.size = header.size;
        long cacheBytes = 32L << 20;
        this.l2Cache = new Qcow2Cache(file, clusterSize, cacheBytes);
        this.refblockCache = new Qcow2Cache(file, clusterSize, 4L << 20);
        l2Cache.raiseEvents(BlkdebugEvent.L2_LOAD, BlkdebugEvent.L2_UPDATE);
        refblockCache.raiseEvents(null, BlkdebugEvent.REFBLOCK_UPDATE_PART);
        this.refcounts = new Qcow2Refcounts(this);
        this.bitmaps = new Qcow2Bitmaps(this);
    }

    boolean hasDataFile() {
        return dataFile != file;
    }

    long startOfCluster(long offset) {
        return offset & ~((long) clusterSize - 1);
    }

    long offsetIntoCluster(long offset) {
        return offset & (clusterSize - 1);
    }

    long sizeToClusters(long bytes) {
        return (bytes + clusterSize - 1) >>> clusterBits;
    }

    /** Number of L1 entries a disk of {@code bytes} needs. */
    long l1EntriesFor(long bytes) {
        int shift = clusterBits + l2Bits;
        return shift >= 63 ? 1 : (bytes + (1L << shift) - 1) >>> shift;
    }

    int l2EntryBytes() {
        return extendedL2 ? 16 : 8;
    }

    /** Where corruption events are reported (the tool's stderr); System.err when not set. */
    java.io.PrintStream messages;

    /** Marks the image corrupt on disk (if writable) and returns the error to fail with. */
    BlockException corrupt(String message) throws BlockException {
        // C's %#x prints a zero as "0", without the 0x prefix
        message = message.replaceAll("\\b0x0\\b", "0");
        java.io.PrintStream err = messages != null ? messages : System.err;
        if (writable && !corruptMarked) {
            corruptMarked = true;
            header.incompatibleFeatures |= Qcow2Header.INCOMPAT_CORRUPT;
            if (qcowVersion >= 3) {
                byte[] b = new byte[8];
                Qcow2Io.putBe64(b, 0, header.incompatibleFeatures);
                Qcow2Io.write(file, 72, b);
            }
            err.println("qcow2: Marking image as corrupt: " + message
                    + "; further corruption events will be suppressed");
            err.flush();
        } else if (!corruptMarked) {
            corruptMarked = true;
            err.println("qcow2: Image is corrupt: " + message
                    + "; further non-fatal corruption events will be suppressed");
            err.flush();
        }
        return new BlockException(Errno.EIO, message);
    }
}
