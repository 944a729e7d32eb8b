package io.jiotests.engine.parallels;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The in-memory copy of the image's first {@code headerSize} bytes, header and BAT (little-endian
 * 32-bit entries from byte 64), as QEMU keeps it: BAT changes mark 16 KiB blocks of it dirty and
 * {@link #flushDirty} writes those blocks back whole; the header is rewritten from it too.
 *
 * <p>A hostile header may claim a BAT of up to 2 GiB: what lies past the end of the file reads as
 * zeroes (as in QEMU) and pages of zeroes are not held, so memory follows the real BAT's content.
 */
final class ParallelsMetadata {
    /** QEMU's dirty granularity for the BAT: four host pages. */
    static final int DIRTY_BLOCK = 4 * 4096;
    /** The copy is held in pages of this size; a page of zeroes is not held at all. */
    private static final int PAGE = 1 << 16;

    private final long headerSize;
    private final long batSize;
    private final BitSet dirty = new BitSet();
    private final byte[][] pages;

    private ParallelsMetadata(long headerSize, long batSize, byte[][] pages) {
        this.headerSize = headerSize;
        this.batSize = batSize;
        this.pages = pages;
    }

    /**
     * Reads the first {@code headerSize} bytes of {@code file} (at most QEMU's largest request),
     * as far as the file holds them; only pages that are not all zeroes stay in memory, so a BAT
     * the header merely claims costs nothing.
     */
    static ParallelsMetadata read(BlockNode file, long headerSize, long batSize, long fileLength)
            throws BlockException {
        long size = Math.max(ParallelsHeader.SIZE, headerSize);
        byte[][] pages = new byte[(int) ((size + PAGE - 1) / PAGE)][];
        long loaded = Math.max(ParallelsHeader.SIZE, Math.min(size, fileLength));
        byte[] chunk = new byte[PAGE];
        for (int p = 0; (long) p * PAGE < loaded; p++) {
            int n = (int) Math.min(PAGE, loaded - (long) p * PAGE);
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
            file.pread((long) p * PAGE, b);
            if (!isZero(chunk, n)) {
                pages[p] = Arrays.copyOf(chunk, PAGE);
            }
        }
        return new ParallelsMetadata(size, batSize, pages);
    }

    private static boolean isZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    long headerSize() {
        return headerSize;
    }

    long batSize() {
        return batSize;
    }

    static long entryOffset(long index) {
        return ParallelsHeader.SIZE + 4 * index;
    }

    /** The page holding {@code off}, created when {@code create}; null for a zero page otherwise. */
    private byte[] page(long off, boolean create) {
        int p = (int) (off / PAGE);
        if (pages[p] == null && create) {
            pages[p] = new byte[PAGE];
        }
        return pages[p];
    }

    /** The raw BAT entry {@code index} (unsigned), 0 when unallocated. */
    long entry(long index) {
        long off = entryOffset(index);
        byte[] pg = page(off, false);
        if (pg == null) {
            return 0;
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(pg).order(ByteOrder.LITTLE_ENDIAN).getInt((int) (off % PAGE)));
    }

    /**
     * The index of the first BAT entry at or after {@code index} that may be non-zero (entries in
     * zero pages are skipped), or {@code batSize} when there is none.
     */
    long nextCandidate(long index) {
        while (index < batSize) {
            long off = entryOffset(index);
            if (pages[(int) (off / PAGE)] != null) {
                return index;
            }
            long nextPage = (off / PAGE + 1) * PAGE;
            index = Math.max(index + 1, (nextPage - ParallelsHeader.SIZE) / 4);
        }
        return batSize;
    }

    /** Sets entry {@code index} and marks its block dirty. */
    void setEntry(long index, int value) {
        long off = entryOffset(index);
        ByteBuffer.wrap(page(off, true)).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (off % PAGE), value);
        dirty.set((int) (off / DIRTY_BLOCK));
    }

    ParallelsHeader header() {
        return ParallelsHeader.parse(slice(0, ParallelsHeader.SIZE).array());
    }

    void setInUse(int value) {
        ByteBuffer.wrap(page(0, true)).order(ByteOrder.LITTLE_ENDIAN).putInt(0x2c, value);
    }

    /** The bytes {@code [off, off + len)} of the copy. */
    private ByteBuffer slice(long off, long len) {
        byte[] out = new byte[(int) len];
        long done = 0;
        while (done < len) {
            long at = off + done;
            int inPage = (int) (at % PAGE);
            int n = (int) Math.min(len - done, PAGE - inPage);
            byte[] pg = page(at, false);
            if (pg != null) {
                System.arraycopy(pg, inPage, out, (int) done, n);
            }
            done += n;
        }
        return ByteBuffer.wrap(out);
    }

    /** Writes the header as QEMU's header update does: one host page of the copy, at most headerSize. */
    void writeHeader(BlockNode file) throws BlockException {
        long size = Math.min(4096, headerSize);
        file.pwrite(0, slice(0, size), 0);
        file.flush();
    }

    /** Writes every dirty block of the copy back (cut at headerSize) and forgets the dirt. */
    void flushDirty(BlockNode file) throws BlockException {
        for (int bit = dirty.nextSetBit(0); bit >= 0; bit = dirty.nextSetBit(bit + 1)) {
            long off = (long) bit * DIRTY_BLOCK;
            long len = Math.min(DIRTY_BLOCK, headerSize - off);
            if (len > 0) {
                file.pwrite(off, slice(off, len), 0);
            }
        }
        dirty.clear();
    }

    /** Writes the whole copy (check's repair of the BAT), synchronously. */
    void writeAll(BlockNode file) throws BlockException {
        long done = 0;
        while (done < headerSize) {
            long len = Math.min(1L << 20, headerSize - done);
            file.pwrite(done, slice(done, len), 0);
            done += len;
        }
        file.flush();
    }
}
