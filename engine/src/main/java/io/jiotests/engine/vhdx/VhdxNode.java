package io.jiotests.engine.vhdx;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatNodeBase;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.block.ReopenTransaction;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An open VHDX image. Reads of payload blocks in any state but fully present give zeroes; a write
 * to such a block allocates it as qemu does: at the end of the file rounded up to 1 MiB, the file
 * grown by a whole block, the data written, then the BAT entry journalled through the log and
 * applied. The first write of a session gives both headers a new file write GUID and data write
 * GUID. qemu reports no block status for vhdx (everything is data) and cannot resize it.
 */
final class VhdxNode extends FormatNodeBase<VhdxDriver> {
    private final VhdxHeaders headers;
    private final VhdxMetadata meta;
    private final VhdxBat bat;
    private final VhdxLog log;
    private final boolean logReplayedOnOpen;
    /** The log, BAT and metadata regions: no payload block may overlap them. */
    private final List<VhdxOpen.Area> regions;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The file write GUID of this session, made on its first write (or the log replay at open). */
    private byte[] sessionGuid;

    VhdxNode(VhdxDriver driver, OpenContext ctx, VhdxHeaders headers, VhdxMetadata meta, VhdxBat bat, VhdxLog log,
             boolean logReplayedOnOpen, byte[] sessionGuid, List<VhdxOpen.Area> regions) {
        super(driver, ctx);
        this.headers = headers;
        this.meta = meta;
        this.bat = bat;
        this.log = log;
        this.logReplayedOnOpen = logReplayedOnOpen;
        this.sessionGuid = sessionGuid;
        this.regions = regions;
    }

    @Override
    public long length() {
        return meta.diskSize & ~511L; // qemu counts whole 512-byte sectors
    }

    @Override
    public int requestAlignment() {
        return 512;
    }

    @Override
    public int clusterSize() {
        return (int) meta.blockSize;
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        lock.readLock().lock();
        try {
            long pos = offset;
            while (dst.hasRemaining()) {
                long inBlock = pos % meta.blockSize;
                int n = (int) Math.min(dst.remaining(), meta.blockSize - inBlock);
                ByteBuffer part = dst.slice(dst.position(), n);
                long entry = bat.get(bat.payloadIndex(pos / meta.blockSize));
                switch (VhdxBat.state(entry)) {
                    case VhdxBat.FULLY_PRESENT -> file.pread(VhdxBat.fileOffset(entry) + inBlock, part);
                    case VhdxBat.PARTIALLY_PRESENT -> throw new BlockException(Errno.EIO);
                    default -> zero(part); // not present, undefined, zero, unmapped (and 4, 5 alike)
                }
                dst.position(dst.position() + n);
                pos += n;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private static void zero(ByteBuffer part) {
        if (part.hasArray()) {
            Arrays.fill(part.array(), part.arrayOffset() + part.position(), part.arrayOffset() + part.limit(), (byte) 0);
        } else {
            part.put(new byte[part.remaining()]);
        }
    }

    @Override
    public boolean seesEmptyWrites() {
        return true;
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int writeFlags) throws BlockException {
        refuseCompressedWrite(writeFlags);
        lock.writeLock().lock();
        try {
            if (sessionGuid == null) {
                sessionGuid = VhdxGuid.random();
                headers.updateBoth(file, sessionGuid, true, null);
            }
            long pos = offset;
            while (src.hasRemaining()) {
                long inBlock = pos % meta.blockSize;
                int n = (int) Math.min(src.remaining(), meta.blockSize - inBlock);
                long index = bat.payloadIndex(pos / meta.blockSize);
                long entry = bat.get(index);
                ByteBuffer part = src.slice(src.position(), n);
                switch (VhdxBat.state(entry)) {
                    case VhdxBat.FULLY_PRESENT -> {
                        if (VhdxBat.fileOffset(entry) < VhdxOpen.MIB) {
                            throw new BlockException(Errno.EFAULT);
                        }
                        file.pwrite(VhdxBat.fileOffset(entry) + inBlock, part, writeFlags & WRITE_FUA);
                    }
                    case VhdxBat.PARTIALLY_PRESENT -> throw new BlockException(Errno.EIO);
                    default -> allocateAndWrite(index, inBlock, part, writeFlags);
                }
                src.position(src.position() + n);
                pos += n;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A new block at the end of the file rounded up to 1 MiB, the data, then the BAT entry through the log. */
    private void allocateAndWrite(long index, long inBlock, ByteBuffer part, int writeFlags) throws BlockException {
        long end = file.length();
        long blockOffset = (end + VhdxOpen.MIB - 1) & -VhdxOpen.MIB;
        if (end < 0 || blockOffset < 0 || blockOffset > Long.MAX_VALUE - meta.blockSize) {
            throw new BlockException(Errno.EINVAL);
        }
        file.truncate(blockOffset + meta.blockSize, false, Preallocation.OFF);
        file.pwrite(blockOffset + inBlock, part, writeFlags & WRITE_FUA);
        long previous = bat.get(index);
        long entry = VhdxBat.entry(VhdxBat.FULLY_PRESENT, blockOffset);
        bat.set(index, entry);
        long entryOffset = bat.offset + index * 8;
        long sectorOffset = entryOffset & -(long) VhdxLogEntry.SECTOR;
        byte[] sector = VhdxOpen.read(file, sectorOffset, VhdxLogEntry.SECTOR);
        VhdxChecksum.le(sector).putLong((int) (entryOffset - sectorOffset), entry);
        try {
            log.writeAndApply(file, headers, sessionGuid, List.of(new VhdxLogEntry.Update(sectorOffset, sector, 0)));
        } catch (BlockException e) {
            bat.set(index, previous);
            throw e;
        }
    }

    @Override
    public void flush() throws BlockException {
        file.flush();
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) {
        return allocatedDataAtNoKnownOffset(bytes); // qemu's vhdx has no block status
    }

    /**
     * qemu's BAT consistency messages, one per fully present payload block that starts at or
     * after the end of the file, ends after it, or overlaps the log, BAT or metadata region.
     */
    List<String> batErrors(long fileLength) {
        List<String> errors = new ArrayList<>();
        long held = Math.min(bat.held(), bat.entryCount);
        for (long i = 0; i < held; i++) {
            if ((i + 1) % (bat.chunkRatio + 1) == 0) {
                continue; // a sector bitmap entry
            }
            long e = bat.get(i);
            if (VhdxBat.state(e) != VhdxBat.FULLY_PRESENT) {
                continue;
            }
            long start = VhdxBat.fileOffset(e);
            long block = i - i / (bat.chunkRatio + 1);
            long used = Math.min(meta.blockSize, Math.max(1, meta.diskSize - block * meta.blockSize));
            if (Long.compareUnsigned(start, fileLength) >= 0) {
                errors.add("VHDX BAT entry " + i + " start offset " + Long.toUnsignedString(start)
                        + " points after end of file (" + fileLength + "). Image has probably been truncated.");
            } else if (start + used - 1 >= fileLength) {
                errors.add("VHDX BAT entry " + i + " end offset " + (start + used - 1)
                        + " points after end of file (" + fileLength + "). Image has probably been truncated.");
            } else {
                long end = start + meta.blockSize;
                for (VhdxOpen.Area a : regions.reversed()) { // the latest registered region first, as qemu
                    if (start < a.end() && a.offset() < end) {
                        errors.add("VHDX region " + start + "-" + end + " overlaps with region " + a.offset() + "-"
                                + a.end());
                        break;
                    }
                }
            }
        }
        return errors;
    }

    @Override
    public CheckResult check(CheckMode mode, PrintStream report) throws BlockException {
        lock.readLock().lock();
        try {
            List<String> errors = batErrors(file.length());
            for (String e : errors) {
                report.print("qemu-img: " + e + "\n");
            }
            report.flush();
            return new CheckResult(errors.size(), 0, 0, logReplayedOnOpen ? 1 : 0, 0, 0, 0, 0, 0, 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        return reopenWithFile(newFlags);
    }
}
