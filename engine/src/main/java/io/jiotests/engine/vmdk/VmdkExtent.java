package io.jiotests.engine.vmdk;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One extent of a VMDK image: a flat extent (the data as it is, from a start offset of its file)
 * or a hosted sparse extent with its grain directory (GD, QEMU's L1 table), grain tables (GT, L2)
 * of {@code gtEntries} 32-bit sector offsets each, and an optional redundant GD. Only the part of a
 * GD that lies inside the file is held in memory (what lies past the end reads as zeroes, as QEMU's
 * reads do), so a header that claims a huge GD costs nothing.
 */
final class VmdkExtent {
    /** The largest offset QEMU's block layer accepts (BDRV_MAX_LENGTH). */
    static final long MAX_LENGTH = Long.MAX_VALUE & ~((1L << 30) - 1);
    /** A grain table entry marking a grain as reading zeroes (with the zeroed-grain feature). */
    static final int GTE_ZEROED = 1;
    /** Grain table entries are 32-bit sector numbers. */
    static final long MAX_SECTORS = 1L << 32;
    private static final int GT_CACHE = 64;

    enum State { OK, UNALLOC, ZEROED, ERROR }

    /** Where a guest offset of this extent lives: state, host byte offset and the GT slot. */
    record Lookup(State state, long hostOffset, long gtSector, int gtIndex, long gdIndex) {
    }

    final BlockNode file;
    /** The name for qemu-img info (the extent's file as opened). */
    final String filename;
    /** The type from the descriptor line ("SPARSE", "FLAT", ...), "" for an image opened directly. */
    final String type;
    final boolean flat;
    final long flatStart;
    final long sectors;
    long endSector;
    final VmdkSparseHeader header;
    final long grainSectors;
    final int gtEntries;
    final long gdEntrySectors;
    final long gdEntries;
    private final int[] gd;
    private final int[] rgd;
    final long rgdOffset;
    long nextClusterSector;
    private final Map<Long, int[]> gtCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, int[]> eldest) {
            return size() > GT_CACHE;
        }
    };

    private VmdkExtent(BlockNode file, String filename, String type, boolean flat, long flatStart,
                       long sectors, VmdkSparseHeader header, long grainSectors, long gdEntrySectors,
                       long gdEntries, int[] gd, int[] rgd, long rgdOffset, long nextClusterSector) {
        this.file = file;
        this.filename = filename;
        this.type = type;
        this.flat = flat;
        this.flatStart = flatStart;
        this.sectors = sectors;
        this.header = header;
        this.grainSectors = grainSectors;
        this.gtEntries = header == null ? 0 : header.numGtesPerGt();
        this.gdEntrySectors = gdEntrySectors;
        this.gdEntries = gdEntries;
        this.gd = gd;
        this.rgd = rgd;
        this.rgdOffset = rgdOffset;
        this.nextClusterSector = nextClusterSector;
    }

    static VmdkExtent flat(BlockNode file, String filename, String type, long sectors, long flatStart) {
        return new VmdkExtent(file, filename, type, true, flatStart, sectors, null, sectors, 0, 0,
                null, null, 0, 0);
    }

    /**
     * A sparse extent from its validated header: reads the GD (and redundant GD) as far as they
     * lie in the file. {@code gdEntries} is already bounded by the caller.
     */
    static VmdkExtent sparse(BlockNode file, String filename, String type, VmdkSparseHeader h,
                             long gdEntrySectors, long gdEntries) throws BlockException {
        long fileLen = file.length();
        long gdOffset = h.gdOffset() << 9;
        int[] gd = readTable(file, gdOffset, gdEntries, fileLen, "Could not read l1 table from extent '"
                + filename + "'");
        long rgdOffset = h.hasRedundantGd() ? h.rgdOffset() << 9 : 0;
        int[] rgd = rgdOffset == 0 ? null : readTable(file, rgdOffset, gdEntries, fileLen,
                "Could not read l1 backup table from extent '" + filename + "'");
        long fileSectors = (fileLen + 511) / 512;
        long next = (fileSectors + h.granularity() - 1) / h.granularity() * h.granularity();
        return new VmdkExtent(file, filename, type, false, 0, h.capacity(), h, h.granularity(),
                gdEntrySectors, gdEntries, gd, rgd, rgdOffset, next);
    }

    /** The entries of a table at {@code offset} that lie in the file; QEMU's EIO when out of range. */
    private static int[] readTable(BlockNode file, long offset, long entries, long fileLen, String what)
            throws BlockException {
        long bytes = entries * 4;
        if (offset < 0 || offset > MAX_LENGTH || bytes > MAX_LENGTH - offset) {
            throw BlockException.withErrno(Errno.EIO, what);
        }
        long inFile = Math.max(0, Math.min(bytes, fileLen - offset)) / 4;
        int[] t = new int[(int) inFile];
        ByteBuffer b = ByteBuffer.allocate((int) inFile * 4).order(ByteOrder.LITTLE_ENDIAN);
        file.pread(offset, b);
        b.flip();
        b.asIntBuffer().get(t);
        return t;
    }

    boolean compressed() {
        return header != null && header.compressed();
    }

    boolean hasMarkers() {
        return header != null && header.hasMarkers();
    }

    boolean hasZeroGrain() {
        return header != null && header.hasZeroGrain();
    }

    long startSector() {
        return endSector - sectors;
    }

    long clusterBytes() {
        return grainSectors * 512;
    }

    /** The offset of {@code offset} (a guest byte offset inside this extent) within its grain. */
    long offsetInCluster(long offset) {
        return (offset - startSector() * 512) % clusterBytes();
    }

    private long gdEntry(long index) {
        return index < gd.length ? Integer.toUnsignedLong(gd[(int) index]) : 0;
    }

    long rgdEntry(long index) {
        return rgd == null || index >= rgd.length ? 0 : Integer.toUnsignedLong(rgd[(int) index]);
    }

    /** The grain table at sector {@code gtSector}, from the cache or the file. */
    int[] grainTable(long gtSector) throws BlockException {
        int[] t = gtCache.get(gtSector);
        if (t != null) {
            return t;
        }
        long off = gtSector * 512;
        long bytes = gtEntries * 4L;
        if (off > MAX_LENGTH - bytes) {
            throw new BlockException(Errno.EIO);
        }
        ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        file.debugEvent("l2_load");
        file.pread(off, b);
        b.flip();
        t = new int[gtEntries];
        b.asIntBuffer().get(t);
        gtCache.put(gtSector, t);
        return t;
    }

    /** QEMU's get_cluster_offset without allocation, for a guest byte offset inside this extent. */
    Lookup lookup(long offset) throws BlockException {
        if (flat) {
            return new Lookup(State.OK, flatStart, 0, 0, 0);
        }
        long sector = (offset >>> 9) - startSector();
        long gdIndex = sector / gdEntrySectors;
        if (gdIndex >= gdEntries) {
            return new Lookup(State.ERROR, 0, 0, 0, 0);
        }
        long gtSector = gdEntry(gdIndex);
        if (gtSector == 0) {
            return new Lookup(State.UNALLOC, 0, 0, 0, gdIndex);
        }
        int gtIndex = (int) ((sector / grainSectors) % gtEntries);
        long entry = Integer.toUnsignedLong(grainTable(gtSector)[gtIndex]);
        if (hasZeroGrain() && entry == GTE_ZEROED) {
            return new Lookup(State.ZEROED, 0, gtSector, gtIndex, gdIndex);
        }
        if (entry == 0) {
            return new Lookup(State.UNALLOC, 0, gtSector, gtIndex, gdIndex);
        }
        return new Lookup(State.OK, entry << 9, gtSector, gtIndex, gdIndex);
    }

    /** Sets a grain table entry in the GT and in the redundant GT, as QEMU's L2 update does. */
    void updateGrainTable(Lookup at, long value) throws BlockException {
        ByteBuffer v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) value);
        file.pwrite(at.gtSector() * 512 + at.gtIndex() * 4L, v, 0);
        if (rgdOffset != 0) {
            long backup = rgdEntry(at.gdIndex());
            if (backup == 0) {
                return; // a damaged redundant GD: never write into sector 0
            }
            file.pwrite(backup * 512 + at.gtIndex() * 4L, v.clear(), 0);
        }
        int[] t = gtCache.get(at.gtSector());
        if (t != null) {
            t[at.gtIndex()] = (int) value;
        }
    }

    /** The whole extent's length in guest bytes. */
    long bytes() {
        return sectors * 512;
    }

    void dropCaches() {
        gtCache.clear();
    }
}
