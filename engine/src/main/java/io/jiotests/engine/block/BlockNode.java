package io.jiotests.engine.block;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * An open node of the block graph, QEMU's BlockDriverState: one driver instance with its state.
 * A format node has a protocol child ({@link #file()}) and maybe a backing node ({@link #backing()}).
 *
 * <p>Requests reach a node through the generic layer ({@code BlockBackend} / the request helpers in
 * this package), which has already checked that offset and length are non-negative, within
 * {@link #length()} for reads/writes (except where a driver grows its file), aligned to
 * {@link #requestAlignment()} (doing read-modify-write below it), and that the node is writable for
 * modifying requests. Drivers therefore see only valid, aligned requests. Requests may arrive
 * concurrently from several (virtual) threads; a driver serializes what it must internally.
 *
 * <p>Optional capabilities have default implementations that fail with ENOTSUP, as QEMU does for a
 * driver without the callback.
 */
public interface BlockNode extends AutoCloseable {

    /** Write request flag: force unit access, the data is on disk when the request completes. */
    int WRITE_FUA = 0x1;
    /** Zero-write flag: the range may be deallocated (write -z -u, discard=unmap). */
    int WRITE_MAY_UNMAP = 0x2;
    /** Zero-write flag: fail with ENOTSUP rather than writing explicit zeroes. */
    int WRITE_NO_FALLBACK = 0x4;
    /** Write flag: store compressed (qemu-io write -c, convert -c). */
    int WRITE_COMPRESSED = 0x8;

    BlockDriver driver();

    /** The filename QEMU shows for this node (bs->filename). */
    String filename();

    /** The flags the node is open with. */
    OpenFlags flags();

    /** The protocol / data child of a format or filter node, or null for a protocol node. */
    default BlockNode file() {
        return null;
    }

    /** The opened backing node, or null. */
    default BlockNode backing() {
        return null;
    }

    /** Attaches (or with null, detaches) the backing node the registry opened for this node. */
    default void setBacking(BlockNode backing) throws BlockException {
        if (backing != null) {
            throw new BlockException(Errno.ENOTSUP,
                    "Driver '" + driver().name() + "' does not support backing files");
        }
    }

    /** The backing file name as stored in the image (may be relative), or null. */
    default String backingFilename() {
        return null;
    }

    /** The backing format as stored in the image, or null. */
    default String backingFormat() {
        return null;
    }

    /**
     * Rewrites the backing file reference in the image metadata (qemu-img rebase -u, commit);
     * null removes it.
     */
    default void changeBackingFile(String backingFile, String backingFormat) throws BlockException {
        throw new BlockException(Errno.ENOTSUP, "Operation not supported");
    }

    /**
     * Raises a blkdebug event (QEMU's BLKDBG_EVENT / bdrv_debug_event) such as "l2_load" or
     * "cluster_alloc": a format driver calls it on its file child at the points QEMU names. Nodes
     * pass it down their file child; a blkdebug node runs its rules.
     */
    default void debugEvent(String event) {
        BlockNode f = file();
        if (f != null) {
            f.debugEvent(event);
        }
    }

    /** The guest-visible size in bytes. */
    long length() throws BlockException;

    /** The smallest unit the node can read or write (bytes, a power of two); 1 by default. */
    default int requestAlignment() {
        return 1;
    }

    /** Largest single request in bytes that the node accepts; the generic layer splits above it. */
    default int maxTransfer() {
        return 1 << 30;
    }

    /** Reads {@code dst.remaining()} bytes at {@code offset} into dst, advancing its position. */
    void pread(long offset, ByteBuffer dst) throws BlockException;

    /** Writes {@code src.remaining()} bytes at {@code offset}, advancing src's position. */
    void pwrite(long offset, ByteBuffer src, int flags) throws BlockException;

    /**
     * Whether an aligned zero-length write must reach {@link #pwrite} (QEMU hands it to the driver,
     * and vhdx updates its headers on the first write of a session even when it is empty). The
     * default: such writes complete without the node.
     */
    default boolean seesEmptyWrites() {
        return false;
    }

    /** A compressed write whose CPU-heavy part is done; {@link #commit()} stores it. */
    interface PreparedWrite {
        /** Allocates and writes, as {@code pwrite(..., WRITE_COMPRESSED)} would have. */
        void commit() throws BlockException;
    }

    /**
     * First half of a compressed write of {@code src} at {@code offset} (qemu-img convert -c):
     * nodes that compress do the compression here, without touching their state, so several
     * threads may prepare at once; the caller then commits the prepared writes from one thread in
     * the order the writes must happen (host allocation follows commit order). The node may keep
     * {@code src} (not its position) until the commit. The default only defers the write.
     */
    default PreparedWrite prepareCompressedWrite(long offset, ByteBuffer src) throws BlockException {
        return () -> pwrite(offset, src.duplicate(), WRITE_COMPRESSED);
    }

    /**
     * Whether every write must be a compressed one (QEMU's needs_compressed_writes: vmdk
     * streamOptimized); qemu-img convert then compresses as with -c.
     */
    default boolean needsCompressedWrites() {
        return false;
    }

    /** Vectored read: the buffers are filled in order, as one request. */
    default void preadv(long offset, ByteBuffer[] dsts) throws BlockException {
        long pos = offset;
        for (ByteBuffer b : dsts) {
            int n = b.remaining();
            pread(pos, b);
            pos += n;
        }
    }

    /** Vectored write: the buffers are written in order, as one request. */
    default void pwritev(long offset, ByteBuffer[] srcs, int flags) throws BlockException {
        long pos = offset;
        for (ByteBuffer b : srcs) {
            int n = b.remaining();
            pwrite(pos, b, flags);
            pos += n;
        }
    }

    /** Makes completed writes durable (on disk), including the node's metadata and children's. */
    void flush() throws BlockException;

    /**
     * Makes the range read as zeroes. With {@link #WRITE_MAY_UNMAP} it may deallocate; with
     * {@link #WRITE_NO_FALLBACK} it fails with ENOTSUP instead of writing zero buffers. The default
     * writes zero buffers (QEMU's fallback path).
     */
    default void pwriteZeroes(long offset, long bytes, int flags) throws BlockException {
        if ((flags & WRITE_NO_FALLBACK) != 0) {
            throw new BlockException(Errno.ENOTSUP);
        }
        int chunk = (int) Math.min(bytes, 1 << 20);
        ByteBuffer zeroes = ByteBuffer.allocate(Math.max(chunk, 1));
        long done = 0;
        while (done < bytes) {
            int n = (int) Math.min(chunk, bytes - done);
            zeroes.clear().limit(n);
            pwrite(offset + done, zeroes, flags & WRITE_FUA);
            done += n;
        }
    }

    /** Discards (unmaps) the range if the node can; a hint that may do nothing. */
    default void pdiscard(long offset, long bytes) throws BlockException {
    }

    /**
     * The allocation status of the range starting at offset, at most {@code bytes} long. With
     * {@code wantZero} false the caller only needs allocation, not precise zero detection. The
     * default reports everything as allocated data stored at the same offset of this node.
     */
    default BlockStatus blockStatus(long offset, long bytes, boolean wantZero) throws BlockException {
        return new BlockStatus(BlockStatus.DATA | BlockStatus.ALLOCATED | BlockStatus.OFFSET_VALID,
                bytes, offset, this);
    }

    /**
     * Changes the size. {@code exact}: the file must end up exactly at newSize (else it may be
     * larger). Growing uses {@code prealloc} for the new area.
     */
    default void truncate(long newSize, boolean exact, Preallocation prealloc) throws BlockException {
        throw new BlockException(Errno.ENOTSUP, "Image format driver does not support resize");
    }

    /** Bytes the image occupies on the host (st_blocks * 512 for files), or -1 if unknown. */
    default long allocatedFileSize() throws BlockException {
        BlockNode f = file();
        return f != null ? f.allocatedFileSize() : -1;
    }

    /** Cluster size for {@code qemu-img info}, or 0 if the format has none. */
    default int clusterSize() {
        return 0;
    }

    /**
     * Whether the driver answers QEMU's bdrv_get_info (cluster size, dirty flag, VM state offset).
     * Formats without it (parallels, bochs, cloop) show neither "cluster-size" nor "dirty-flag" in
     * qemu-img info, and qemu-io's info command fails after the format name.
     */
    default boolean hasDriverInfo() {
        return true;
    }

    /** Where the VM state of internal snapshots starts (qemu-io info's "vm state offset"), or 0. */
    default long vmStateOffset() {
        return 0;
    }

    /**
     * Reads VM state (qemu-io read -b, savevm data) at {@code pos} bytes into the node's VM state
     * area. ENOTSUP for formats without one.
     */
    default void vmstateRead(long pos, ByteBuffer dst) throws BlockException {
        throw new BlockException(Errno.ENOTSUP);
    }

    /** Writes VM state (qemu-io write -b) at {@code pos} bytes into the node's VM state area. */
    default void vmstateWrite(long pos, ByteBuffer src) throws BlockException {
        throw new BlockException(Errno.ENOTSUP);
    }

    /** Whether the image is marked dirty (qcow2 dirty bit, qed "need check"). */
    default boolean isDirty() {
        return false;
    }

    /**
     * Whether a newly created image of this node reads as zeroes where nothing was written
     * (QEMU's bdrv_has_zero_init); qemu-img convert writes zeroes explicitly when it does not.
     */
    default boolean hasZeroInit() {
        return true;
    }

    /** Whether the image is encrypted. */
    default boolean isEncrypted() {
        return false;
    }

    /**
     * Warnings the driver had while opening (QEMU's warn_report text after "warning: ", with its
     * own line ends), handed out once for the opener to print.
     */
    default List<String> takeOpenWarnings() {
        return List.of();
    }

    /**
     * Text the open wrote to standard error as it is, without a "warning:" prefix (qcow2 reports
     * the refcount repair of an image left dirty this way), returned once.
     */
    default String takeOpenMessages() {
        return "";
    }

    /**
     * Where the node reports events while it is in use (QEMU's error_report texts such as
     * "qcow2: Marking image as corrupt: ..."): the tool's stderr. Set by the opener.
     */
    default void setMessageSink(java.io.PrintStream sink) {
    }

    /**
     * An asynchronous request queue for up to {@code depth} requests in flight, for use by the
     * calling thread alone, or null when this node only makes synchronous requests (the default;
     * the file node offers one under O_DIRECT where the kernel has io_uring).
     */
    default AsyncRequests openAsync(int depth) throws BlockException {
        return null;
    }

    /** The node's dirty bitmaps, or null if the format cannot keep persistent bitmaps. */
    default DirtyBitmaps dirtyBitmaps() {
        return null;
    }

    /**
     * The "format-specific" section of qemu-img info as ordered JSON-style data (keys as in
     * {@code --output=json}, values String / Number / Boolean / List / Map), or null.
     */
    default Map<String, Object> formatSpecificInfo() throws BlockException {
        return null;
    }

    /**
     * Makes the image read as its backing file again by deallocating everything this layer holds
     * (QEMU's bdrv_make_empty, used by qemu-img commit without -d). ENOTSUP when the format cannot;
     * qemu-img commit then leaves the image as it is.
     */
    default void makeEmpty() throws BlockException {
        throw new BlockException(Errno.ENOTSUP, "Operation not supported");
    }

    /** Checks (and with mode != NONE repairs) the image metadata; problem lines go to report. */
    default CheckResult check(CheckMode mode, PrintStream report) throws BlockException {
        throw new BlockException(Errno.ENOTSUP, "This image format does not support checks");
    }

    /** Drops cached metadata and re-reads it from the file (after another process changed it). */
    default void invalidateCache() throws BlockException {
        BlockNode f = file();
        if (f != null) {
            f.invalidateCache();
        }
    }

    /**
     * Prepares a reopen with new flags (e.g. read-only to read-write). Nothing changes until the
     * returned transaction is committed.
     */
    default ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        throw new BlockException(Errno.ENOTSUP,
                "Block format '" + driver().name() + "' used by node does not support reopening files");
    }

    /** Applies creation-style options to an existing image (qemu-img amend). */
    default void amend(OptionValues opts, boolean force, PrintStream progress) throws BlockException {
        throw new BlockException(Errno.ENOTSUP,
                "Format driver '" + driver().name() + "' does not support option amendment");
    }

    /**
     * Takes ({@code true}) or gives back ({@code false}) exclusive use of the image for an update
     * other users must not see half done (QEMU's crypto driver while it updates key slots): no
     * other process may then read consistently or write. Nodes with image locks check them, with
     * QEMU's error; the default (nothing locked) does nothing.
     */
    default void exclusiveUpdate(boolean exclusive) throws BlockException {
    }

    /** QEMU's BlockDriverAmendStatusCB: {@code offset} of {@code totalWorkSize} units done. */
    interface AmendStatus {
        void report(long offset, long totalWorkSize);
    }

    /**
     * amend reporting its progress as QEMU's driver does through its status callback (qemu-img
     * amend -p prints {@code 100 * offset / totalWorkSize}). The default reports nothing.
     */
    default void amend(OptionValues opts, boolean force, PrintStream progress, AmendStatus status)
            throws BlockException {
        amend(opts, force, progress);
    }

    /** The internal snapshots, oldest first. */
    default List<SnapshotInfo> snapshots() throws BlockException {
        return List.of();
    }

    default void snapshotCreate(SnapshotInfo info) throws BlockException {
        throw new BlockException(Errno.ENOTSUP);
    }

    /** Reverts the active image to the snapshot with this id or name. */
    default void snapshotApply(String idOrName) throws BlockException {
        throw new BlockException(Errno.ENOTSUP);
    }

    /**
     * Makes a read-only node read the internal snapshot with this id and/or name (both must match
     * when both are given) instead of the active layer, until it is closed (QEMU's
     * bdrv_snapshot_load_tmp, used by qemu-img convert -l).
     */
    default void snapshotLoadTmp(String id, String name) throws BlockException {
        throw new BlockException(Errno.ENOTSUP, "Block format '" + driver().name()
                + "' used by device '' does not support temporarily loading internal snapshots");
    }

    default void snapshotDelete(String id, String name) throws BlockException {
        throw new BlockException(Errno.ENOTSUP);
    }

    /**
     * A simulated crash of the process (qemu-io sigraise 9, abort): the following {@link #close()}
     * releases the node without the clean-up a clean close does on disk (what QEMU would only have
     * held in memory is lost). The default does nothing: the node has nothing such to lose.
     */
    default void abandon() {
    }

    /** Closes the node and its children (file, backing), flushing what must be flushed. */
    @Override
    void close() throws BlockException;
}
