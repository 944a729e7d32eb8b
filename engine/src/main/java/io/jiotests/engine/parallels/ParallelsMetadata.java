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
 * <p>A hostile header may claim a BAT of up to 2 GiB; only the part the file holds is read (the
 * rest reads as zeroes, as past the end of a file) and the copy grows as far as entries are set.
 */
final class ParallelsMetadata {
    /** QEMU's dirty granularity for the BAT: four host pages. */
    static final int DIRTY_BLOCK = 4 * 4096;

    private final long headerSize;
    private final long batSize;
    private final BitSet dirty = new BitSet();
    private byte[] bytes;

    private ParallelsMetadata(long headerSize, long batSize, byte[] bytes) {
        this.headerSize = headerSize;
        this.batSize = batSize;
        this.bytes = bytes;
    }

    /** Reads the first {@code headerSize} bytes of {@code file}, as far as the file holds them. */
    static ParallelsMetadata read(BlockNode file, long headerSize, long batSize, long fileLength)
            throws BlockException {
        int loaded = (int) Math.max(ParallelsHeader.SIZE, Math.min(headerSize, fileLength));
        byte[] b = new byte[loaded];
        file.pread(0, ByteBuffer.wrap(b));
        return new ParallelsMetadata(headerSize, batSize, b);
    }

    long headerSize() {
        return headerSize;
    }

    long batSize() {
        return batSize;
    }

    /** How many BAT entries the loaded copy holds (the others are zero). */
    long loadedEntries() {
        return Math.min(batSize, Math.max(0, (bytes.length - ParallelsHeader.SIZE) / 4));
    }

    static long entryOffset(long index) {
        return ParallelsHeader.SIZE + 4 * index;
    }

    /** The raw BAT entry {@code index} (unsigned), 0 when unallocated. */
    long entry(long index) {
        long off = entryOffset(index);
        if (off + 4 > bytes.length) {
            return 0;
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt((int) off));
    }

    /** Sets entry {@code index} and marks its block dirty. */
    void setEntry(long index, int value) {
        long off = entryOffset(index);
        if (off + 4 > bytes.length) {
            long block = off / DIRTY_BLOCK;
            long end = Math.min(headerSize, (block + 1) * DIRTY_BLOCK);
            bytes = Arrays.copyOf(bytes, (int) Math.max(end, off + 4));
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) off, value);
        dirty.set((int) (off / DIRTY_BLOCK));
    }

    ParallelsHeader header() {
        return ParallelsHeader.parse(bytes);
    }

    void setInUse(int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0x2c, value);
    }

    /** The bytes {@code [off, off + len)} of the copy, zeroes where it was not loaded. */
    private ByteBuffer slice(long off, long len) {
        byte[] out = new byte[(int) len];
        if (off < bytes.length) {
            System.arraycopy(bytes, (int) off, out, 0, (int) Math.min(len, bytes.length - off));
        }
        return ByteBuffer.wrap(out);
    }

    /** Writes the header as QEMU's header update does: one host page of the copy, at most headerSize. */
    void writeHeader(BlockNode file) throws BlockException {
        long size = Math.min(Math.max(4096, ParallelsHeader.SIZE), headerSize);
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
