package io.jiotests.engine.vdi;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The VDI block map: one little-endian uint32 per block of the virtual disk, the index of the data
 * block in the file ({@link VdiHeader#UNALLOCATED} / {@link VdiHeader#DISCARDED} for blocks that
 * read as zeroes). qemu reads the whole map at open, and what lies past the end of the file reads
 * as zeroes; this map keeps in memory only the entries the file actually holds (an image can claim
 * half a billion blocks in a 512-byte file) and answers 0 for the rest, which is the same thing.
 */
final class VdiBlockMap {
    private static final int PER_SECTOR = VdiHeader.SECTOR_SIZE / 4;
    private final long blocks;
    private final long offset;
    /** The entries that were inside the file at open; the rest are 0 and never change. */
    private final int[] stored;

    private VdiBlockMap(long blocks, long offset, int[] stored) {
        this.blocks = blocks;
        this.offset = offset;
        this.stored = stored;
    }

    /**
     * Writes the map of a new image: {@code blocks} entries, allocated in order (static) or all
     * unallocated, zero-padded to {@code bytes} (whole sectors). Written in chunks: the largest
     * image has a 2 GiB map.
     */
    static void writeInitial(BlockNode file, long offset, long blocks, boolean allocated, long bytes)
            throws BlockException {
        int chunk = 1 << 20;
        ByteBuffer buf = ByteBuffer.allocate(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (long done = 0; done < bytes; ) {
            int n = (int) Math.min(chunk, bytes - done);
            buf.clear().limit(n);
            long entry = done / 4;
            while (buf.hasRemaining()) {
                buf.putInt(entry >= blocks ? 0 : allocated ? (int) entry : VdiHeader.UNALLOCATED);
                entry++;
            }
            buf.flip();
            file.pwrite(offset + done, buf, 0);
            done += n;
        }
    }

    /** Reads the map of {@code blocks} entries at {@code offset}, bounded by the file's length. */
    static VdiBlockMap read(BlockNode file, long offset, long blocks) throws BlockException {
        long fileLength = file.length();
        // qemu reads whole sectors: the entries after the last block are kept and written back
        long entries = (blocks + PER_SECTOR - 1) / PER_SECTOR * PER_SECTOR;
        long inFile = offset >= fileLength ? 0 : Math.min(entries, (fileLength - offset + 3) / 4);
        if (inFile > Integer.MAX_VALUE - 8) {
            throw new BlockException(Errno.ENOMEM, "Could not allocate memory for the block map");
        }
        int[] e = new int[(int) inFile];
        int chunk = 1 << 16;
        ByteBuffer buf = ByteBuffer.allocate(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < e.length; ) {
            int n = Math.min(chunk, e.length - done);
            buf.clear().limit(n * 4);
            file.pread(offset + (long) done * 4, buf);
            buf.flip();
            for (int i = 0; i < n; i++) {
                e[done + i] = buf.getInt();
            }
            done += n;
        }
        return new VdiBlockMap(blocks, offset, e);
    }

    long blocks() {
        return blocks;
    }

    /** How many entries were inside the file at open; all later ones are 0. */
    long storedEntries() {
        return stored.length;
    }

    int get(long block) {
        return block < stored.length ? stored[(int) block] : 0;
    }

    /** Whether the entry names a data block (everything below {@link VdiHeader#DISCARDED}). */
    static boolean isAllocated(int entry) {
        return Integer.compareUnsigned(entry, VdiHeader.DISCARDED) < 0;
    }

    /**
     * Sets an entry. Only entries that were in the file at open are ever unallocated, so only
     * those can be allocated.
     */
    void set(long block, int entry) {
        stored[(int) block] = entry;
    }

    /**
     * Writes the 512-byte sectors of the map that hold entries {@code first} to {@code last},
     * as qemu does after allocating blocks (its in-memory copy of the sectors).
     */
    void writeSectors(BlockNode file, long first, long last) throws BlockException {
        int perSector = PER_SECTOR;
        long firstSector = first / perSector;
        long lastSector = last / perSector;
        int sectors = (int) (lastSector - firstSector + 1);
        ByteBuffer buf = ByteBuffer.allocate(sectors * VdiHeader.SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long base = firstSector * perSector;
        for (int i = 0; i < sectors * perSector; i++) {
            buf.putInt(get(base + i));
        }
        buf.flip();
        file.pwrite(offset + firstSector * VdiHeader.SECTOR_SIZE, buf, 0);
    }
}
