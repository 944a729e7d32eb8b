package io.jiotests.engine.vmdk;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FirstFailure;
import io.jiotests.engine.block.FormatNodeBase;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.ReopenTransaction;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open VMDK image: its extents in guest order, the descriptor's CIDs and parent hint. Requests
 * are split at grain (and extent) boundaries; unallocated grains read from the backing file (only
 * while the parent's CID still matches, else EINVAL as in QEMU) or as zeroes. Writes are done by
 * {@link VmdkWriter}. The first write after an open gives the image a new random CID.
 */
final class VmdkNode extends FormatNodeBase<VmdkDriver> {
    final List<VmdkExtent> extents;
    final String createType;
    final long descOffset;
    final long totalSectors;
    final String parentHint;
    final long parentCid;
    long cid;
    boolean cidUpdated;
    private boolean cidChecked;
    final ReentrantLock lock = new ReentrantLock();
    private final VmdkWriter writer;
    private volatile BlockNode backing;
    PrintStream messages = System.err;

    VmdkNode(VmdkDriver driver, OpenContext ctx, VmdkOpen.Result r, long cid, long parentCid,
             String parentHint) {
        super(driver, ctx);
        this.extents = List.copyOf(r.extents);
        this.createType = r.createType;
        this.descOffset = r.descOffset;
        this.totalSectors = extents.getLast().endSector;
        this.cid = cid;
        this.parentCid = parentCid;
        this.parentHint = parentHint;
        this.writer = new VmdkWriter(this);
    }

    @Override
    public BlockNode backing() {
        return backing;
    }

    @Override
    public void setBacking(BlockNode b) {
        this.backing = b;
        this.cidChecked = false;
    }

    @Override
    public String backingFilename() {
        return parentHint;
    }

    @Override
    public String backingFormat() {
        return parentHint == null ? null : "vmdk";
    }

    @Override
    public void setMessageSink(PrintStream sink) {
        this.messages = sink;
    }

    @Override
    public long length() {
        return totalSectors * 512;
    }

    @Override
    public int clusterSize() {
        VmdkExtent e = extents.getFirst();
        return e.flat ? 0 : (int) Math.min(Integer.MAX_VALUE, e.clusterBytes());
    }

    /** The extent holding guest sector {@code sector}, or null. */
    VmdkExtent findExtent(long sector) {
        for (VmdkExtent e : extents) {
            if (sector < e.endSector) {
                return e;
            }
        }
        return null;
    }

    /**
     * vmdk_is_cid_valid: the parent's current CID (read from its descriptor now) must be the parent
     * CID this image recorded. Checked once; a backing file of another format never matches.
     */
    boolean isCidValid() {
        BlockNode b = backing;
        if (!cidChecked && b != null) {
            if (!(b instanceof VmdkNode parent)) {
                return false;
            }
            try {
                if (parent.readCid(false) != parentCid) {
                    return false;
                }
            } catch (BlockException e) {
                return false;
            }
        }
        cidChecked = true;
        return true;
    }

    /** The descriptor area as it is on disk now. */
    byte[] readDescriptorArea() throws BlockException {
        return VmdkDescriptor.readArea(file, descOffset);
    }

    long readCid(boolean parent) throws BlockException {
        byte[] area = readDescriptorArea();
        return VmdkDescriptor.cid(VmdkDescriptor.cString(area, area.length), parent);
    }

    /** Reads from the backing node; what lies past its end reads as zeroes. */
    void readBacking(long offset, ByteBuffer dst) throws BlockException {
        long len = backing.length();
        int n = (int) Math.max(0, Math.min(dst.remaining(), len - offset));
        if (n > 0) {
            ByteBuffer part = dst.slice(dst.position(), n);
            backing.pread(offset, part);
        }
        zero(dst.slice(dst.position() + n, dst.remaining() - n));
        dst.position(dst.limit());
    }

    static void zero(ByteBuffer b) {
        while (b.hasRemaining()) {
            b.put((byte) 0);
        }
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        lock.lock();
        try {
            long pos = offset;
            while (dst.hasRemaining()) {
                VmdkExtent e = findExtent(pos >>> 9);
                if (e == null) {
                    throw new BlockException(Errno.EIO);
                }
                long inCluster = e.offsetInCluster(pos);
                int n = (int) Math.min(dst.remaining(), e.clusterBytes() - inCluster);
                ByteBuffer part = dst.slice(dst.position(), n);
                VmdkExtent.Lookup lk = e.lookup(pos);
                if (lk.state() == VmdkExtent.State.OK) {
                    VmdkGrainIo.read(e, lk.hostOffset(), inCluster, part);
                } else if (backing != null && lk.state() != VmdkExtent.State.ZEROED) {
                    if (!isCidValid()) {
                        throw new BlockException(Errno.EINVAL);
                    }
                    readBacking(pos, part);
                } else {
                    zero(part);
                }
                dst.position(dst.position() + n);
                pos += n;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int writeFlags) throws BlockException {
        lock.lock();
        try {
            if (!src.hasRemaining() && (writeFlags & WRITE_COMPRESSED) != 0) {
                writer.alignExtentFiles();
                return;
            }
            writer.write(offset, src);
            if ((writeFlags & WRITE_FUA) != 0) {
                flush();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void pwriteZeroes(long offset, long bytes, int zeroFlags) throws BlockException {
        lock.lock();
        try {
            writer.writeZeroes(offset, bytes, zeroFlags);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean needsCompressedWrites() {
        return extents.getFirst().compressed();
    }

    @Override
    public void flush() throws BlockException {
        for (BlockNode f : files()) {
            f.flush();
        }
    }

    /** The distinct files below this node: the descriptor / image file and the extent files. */
    List<BlockNode> files() {
        List<BlockNode> out = new ArrayList<>();
        out.add(file);
        for (VmdkExtent e : extents) {
            if (!out.contains(e.file)) {
                out.add(e.file);
            }
        }
        return out;
    }

    @Override
    public long allocatedFileSize() throws BlockException {
        long sum = 0;
        for (BlockNode f : files()) {
            long n = f.allocatedFileSize();
            if (n < 0) {
                return n;
            }
            sum += n;
        }
        return sum;
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) throws BlockException {
        lock.lock();
        try {
            VmdkExtent e = findExtent(offset >>> 9);
            if (e == null) {
                throw new BlockException(Errno.EIO);
            }
            long inCluster = e.offsetInCluster(offset);
            long n = Math.min(bytes, e.clusterBytes() - inCluster);
            VmdkExtent.Lookup lk = e.lookup(offset);
            return switch (lk.state()) {
                case ERROR -> throw new BlockException(Errno.EIO);
                case UNALLOC -> new BlockStatus(0, n, 0, null);
                case ZEROED -> new BlockStatus(BlockStatus.ZERO, n, 0, null);
                case OK -> e.compressed() ? new BlockStatus(BlockStatus.DATA, n, 0, e.file)
                        : new BlockStatus(BlockStatus.DATA | BlockStatus.OFFSET_VALID
                                | (e.flat ? BlockStatus.RECURSE : 0), n, lk.hostOffset() + inCluster, e.file);
            };
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, Object> formatSpecificInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cid", cid);
        m.put("parent-cid", parentCid);
        m.put("create-type", createType);
        List<Object> list = new ArrayList<>();
        for (VmdkExtent e : extents) {
            Map<String, Object> x = new LinkedHashMap<>();
            if (e.compressed()) {
                x.put("compressed", true);
            }
            x.put("virtual-size", e.sectors * 512);
            x.put("filename", e.filename);
            if (!e.flat) {
                x.put("cluster-size", e.clusterBytes());
            }
            x.put("format", e.type);
            list.add(x);
        }
        m.put("extents", list);
        return m;
    }

    /**
     * QEMU's vmdk check: walks the image grain by grain; the first grain that points past the end
     * of its extent file (or cannot be looked up) is reported and fails the check, as in QEMU 7.2
     * ("Check failed: Invalid argument"). Repair is not supported.
     */
    @Override
    public CheckResult check(CheckMode mode, PrintStream report) throws BlockException {
        if (mode != CheckMode.NONE) {
            throw new BlockException(Errno.ENOTSUP, "This image format does not support checks");
        }
        lock.lock();
        try {
            long sector = 0;
            while (sector < totalSectors) {
                VmdkExtent e = findExtent(sector);
                VmdkExtent.Lookup lk = e.lookup(sector << 9);
                if (lk.state() == VmdkExtent.State.ERROR) {
                    report.print("ERROR: could not get cluster_offset for sector " + sector + "\n");
                    report.flush();
                    throw new BlockException(Errno.EPERM); // QEMU returns VMDK_ERROR (-1) as the check's result
                }
                if (lk.state() == VmdkExtent.State.OK && lk.hostOffset() >= e.file.length()) {
                    report.print("ERROR: cluster offset for sector " + sector + " points after EOF\n");
                    report.flush();
                    throw new BlockException(Errno.EINVAL); // QEMU fails the check here
                }
                if (!e.flat && lk.state() == VmdkExtent.State.UNALLOC && lk.gtSector() == 0) {
                    // a whole grain table is missing: every grain up to the next one is unallocated
                    long end = Math.min(e.endSector, e.startSector() + (lk.gdIndex() + 1) * e.gdEntrySectors);
                    long steps = Math.max(1, (end - sector + e.grainSectors - 1) / e.grainSectors);
                    sector += steps * e.grainSectors;
                } else {
                    sector += e.grainSectors;
                }
            }
            return new CheckResult(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void invalidateCache() throws BlockException {
        lock.lock();
        try {
            for (VmdkExtent e : extents) {
                e.dropCaches();
            }
            for (BlockNode f : files()) {
                f.invalidateCache();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        List<ReopenTransaction> done = new ArrayList<>();
        try {
            for (BlockNode f : files()) {
                done.add(f.reopenPrepare(newFlags));
            }
        } catch (BlockException | RuntimeException e) {
            done.forEach(ReopenTransaction::abort);
            throw e;
        }
        return new ReopenTransaction() {
            @Override
            public void commit() {
                done.forEach(ReopenTransaction::commit);
                flags = newFlags;
            }

            @Override
            public void abort() {
                done.forEach(ReopenTransaction::abort);
            }
        };
    }

    @Override
    public void close() throws BlockException {
        FirstFailure failure = new FirstFailure();
        for (BlockNode f : files()) {
            failure.close(f);
        }
        failure.close(backing);
        failure.throwIfAny();
    }
}
