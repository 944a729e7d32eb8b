package io.jiotests.engine.parallels;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.FormatNodeBase;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.block.ReopenTransaction;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open Parallels image. Requests are in whole sectors. A write to unallocated clusters
 * allocates the whole run of them at the end of the data area (growing the file by the run plus
 * {@code prealloc-size} when it is too short, by zero-writing or truncation), records them in the
 * in-memory BAT and writes the data; the BAT reaches the file in 16 KiB blocks on flush and close.
 * Close clears the in-use marker and cuts the file at the end of the data area, as QEMU does. Zero
 * writes are plain writes and discard does nothing (QEMU 7.2 has neither for this format).
 */
final class ParallelsNode extends FormatNodeBase<ParallelsDriver> {
    private final ParallelsMetadata meta;
    private final ParallelsOpen.Geometry geo;
    private final List<ParallelsFormatExtension.Bitmap> bitmaps;
    private List<String> openWarnings;
    /** Serializes metadata changes and lookups (QEMU's CoMutex). */
    private final ReentrantLock lock = new ReentrantLock();
    private BlockNode backing;
    private long dataEnd;
    private boolean unclean;
    private boolean preallocTruncate;
    private boolean abandoned;

    ParallelsNode(ParallelsDriver driver, OpenContext ctx, ParallelsOpen.Geometry geo, ParallelsMetadata meta,
                  List<ParallelsFormatExtension.Bitmap> bitmaps, List<String> warnings) {
        super(driver, ctx);
        this.geo = geo;
        this.meta = meta;
        this.bitmaps = List.copyOf(bitmaps);
        this.openWarnings = List.copyOf(warnings);
        this.dataEnd = geo.dataEnd();
        this.unclean = geo.unclean();
        this.preallocTruncate = geo.preallocTruncate();
    }

    @Override
    public BlockNode backing() {
        return backing;
    }

    @Override
    public void setBacking(BlockNode b) {
        this.backing = b;
    }

    @Override
    public long length() throws BlockException {
        if (geo.totalSectors() < 0 || geo.totalSectors() > Long.MAX_VALUE / 512) {
            throw new BlockException(Errno.EFBIG);
        }
        return geo.totalSectors() * 512;
    }

    /** QEMU's parallels driver has no bdrv_get_info. */
    @Override
    public boolean hasDriverInfo() {
        return false;
    }

    @Override
    public int requestAlignment() {
        return 512;
    }

    @Override
    public List<String> takeOpenWarnings() {
        List<String> w = openWarnings;
        openWarnings = List.of();
        return w;
    }

    /** The dirty bitmaps the format extension held (loaded on read-only opens only). */
    List<ParallelsFormatExtension.Bitmap> extensionBitmaps() {
        return bitmaps;
    }

    /** The host sector of guest sector {@code sector}, or -1 when its cluster is not allocated. */
    private long hostSector(long sector) {
        long index = sector / geo.tracks();
        if (index >= geo.batSize()) {
            return -1;
        }
        long e = meta.entry(index);
        return e == 0 ? -1 : e * geo.offMultiplier() + sector % geo.tracks();
    }

    private long clusterRemainder(long sector, long sectors) {
        return Math.min(sectors, geo.tracks() - sector % geo.tracks());
    }

    /** A run of sectors from one start that is either unallocated or contiguous on the host. */
    private record Run(long hostSector, long sectors) {
    }

    /** QEMU's block_status(): the longest run starting at {@code sector} of one kind. */
    private Run run(long sector, long sectors) {
        long start = -2;
        long prevEnd = -2;
        long pnum = 0;
        while (sectors > 0 || start == -2) {
            if (sector / geo.tracks() >= geo.batSize() && start == -1) {
                pnum += sectors; // nothing past the BAT is allocated: the rest of the run at once
                break;
            }
            long off = hostSector(sector);
            if (start == -2) {
                start = off;
                prevEnd = off;
            } else if (off != prevEnd) {
                break;
            }
            long toEnd = clusterRemainder(sector, sectors);
            sectors -= toEnd;
            sector += toEnd;
            pnum += toEnd;
            if (off > 0) {
                prevEnd += toEnd;
            }
        }
        return new Run(start, pnum);
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        long sector = offset >> 9;
        long sectors = dst.remaining() >> 9;
        while (sectors > 0) {
            Run r;
            lock.lock();
            try {
                r = run(sector, sectors);
            } finally {
                lock.unlock();
            }
            int n = (int) (r.sectors() << 9);
            ByteBuffer part = dst.slice(dst.position(), n);
            if (r.hostSector() < 0) {
                if (backing != null) {
                    readBacking(sector << 9, part);
                } else {
                    part.put(new byte[n]);
                }
            } else {
                file.pread(r.hostSector() << 9, part);
            }
            dst.position(dst.position() + n);
            sector += r.sectors();
            sectors -= r.sectors();
        }
    }

    /** Reads the backing node; what lies past its end reads as zeroes. */
    private void readBacking(long offset, ByteBuffer part) throws BlockException {
        long have = Math.max(0, backing.length() - offset);
        int inside = (int) Math.min(part.remaining(), have);
        if (inside > 0) {
            backing.pread(offset, part.slice(part.position(), inside));
        }
        part.position(part.position() + inside);
        while (part.hasRemaining()) {
            part.put((byte) 0);
        }
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int writeFlags) throws BlockException {
        refuseCompressedWrite(writeFlags);
        long sector = offset >> 9;
        long sectors = src.remaining() >> 9;
        while (sectors > 0) {
            Run r;
            lock.lock();
            try {
                r = allocate(sector, sectors);
            } finally {
                lock.unlock();
            }
            int n = (int) (r.sectors() << 9);
            file.pwrite(r.hostSector() << 9, src.slice(src.position(), n), writeFlags & WRITE_FUA);
            src.position(src.position() + n);
            sector += r.sectors();
            sectors -= r.sectors();
        }
    }

    /**
     * QEMU's allocate_clusters(): an allocated run is returned as it is; an unallocated one gets
     * consecutive clusters at the end of the data area (filled from the backing node if any).
     */
    private Run allocate(long sector, long sectors) throws BlockException {
        Run r = run(sector, sectors);
        if (r.hostSector() > 0) {
            return r;
        }
        long tracks = geo.tracks();
        long idx = sector / tracks;
        long toAllocate = Math.ceilDiv(sector + r.sectors(), tracks) - idx;
        if (idx + toAllocate > geo.batSize()) {
            // the header's size exceeds what its BAT covers (QEMU asserts here)
            throw new BlockException(Errno.EIO);
        }
        long space = toAllocate * tracks;
        long fileSectors = file.length() >> 9;
        if (dataEnd + space > fileSectors) {
            space += geo.preallocSectors();
            boolean done = false;
            if (preallocTruncate) {
                try {
                    file.truncate((dataEnd + space) << 9, false, Preallocation.OFF);
                    done = true;
                } catch (BlockException e) {
                    if (e.errno() != Errno.ENOTSUP) {
                        throw e;
                    }
                    preallocTruncate = false;
                }
            }
            if (!done) {
                file.pwriteZeroes(dataEnd << 9, space << 9, 0);
            }
        }
        if (backing != null) {
            ByteBuffer cow = ByteBuffer.allocate(Math.toIntExact((toAllocate * tracks) << 9));
            readBacking(idx * tracks * 512, cow);
            file.pwrite(dataEnd << 9, cow.flip(), 0);
        }
        for (long i = 0; i < toAllocate; i++) {
            meta.setEntry(idx + i, (int) (dataEnd / geo.offMultiplier()));
            dataEnd += tracks;
        }
        return new Run(meta.entry(idx) * geo.offMultiplier() + sector % tracks, r.sectors());
    }

    @Override
    public void flush() throws BlockException {
        lock.lock();
        try {
            meta.flushDirty(file);
        } finally {
            lock.unlock();
        }
        file.flush();
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) {
        Run r;
        lock.lock();
        try {
            r = run(offset >> 9, Math.min(bytes >> 9, Integer.MAX_VALUE)); // QEMU passes an int
        } finally {
            lock.unlock();
        }
        long n = r.sectors() << 9;
        if (r.hostSector() < 0) {
            return new BlockStatus(0, n, 0, null);
        }
        return new BlockStatus(BlockStatus.DATA | BlockStatus.OFFSET_VALID, n, r.hostSector() << 9, file);
    }

    @Override
    public CheckResult check(CheckMode mode, PrintStream report) throws BlockException {
        lock.lock();
        try {
            ParallelsCheck.Outcome o = ParallelsCheck.run(file, meta, geo, unclean, mode, report);
            if (o.uncleanFixed()) {
                unclean = false;
            }
            return o.result();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        throw new BlockException(Errno.ENOTSUP,
                "Block format 'parallels' used by node does not support reopening files");
    }

    @Override
    public void abandon() {
        abandoned = true;
    }

    /** As QEMU's close after its flush: BAT blocks, the cleared in-use marker, the file cut at the data end. */
    @Override
    public void close() throws BlockException {
        try {
            if (flags.writable() && !abandoned) {
                try {
                    flush();
                } catch (BlockException e) {
                    // bdrv_close ignores a failed flush
                }
                try {
                    meta.setInUse(0);
                    meta.writeHeader(file);
                } catch (BlockException e) {
                    // parallels_close ignores it too
                }
                try {
                    file.truncate(dataEnd << 9, true, Preallocation.OFF);
                } catch (BlockException e) {
                    // and this
                }
            }
        } finally {
            try {
                file.close();
            } finally {
                if (backing != null) {
                    backing.close();
                }
            }
        }
    }
}
