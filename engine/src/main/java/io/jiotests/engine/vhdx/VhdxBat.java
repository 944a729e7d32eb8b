package io.jiotests.engine.vhdx;

import java.util.Arrays;

/**
 * The block allocation table: 64-bit little-endian entries, state in bits 0-2 and the file
 * offset in MiB in bits 20-63. Payload block entries come in runs of chunk ratio, each run
 * followed by one sector bitmap entry. Only the part of the table that lies inside the file is
 * held in memory (the rest reads as zero, "not present"), so a table sized by a huge claimed disk
 * never costs more memory than the file has bytes; the array grows as blocks are allocated.
 */
final class VhdxBat {
    static final int NOT_PRESENT = 0;
    static final int UNDEFINED = 1;
    static final int ZERO = 2;
    static final int UNMAPPED = 3;
    static final int FULLY_PRESENT = 6;
    static final int PARTIALLY_PRESENT = 7;
    static final long OFFSET_MASK = 0xfffffffffff00000L;

    final long offset;
    final long entryCount;
    final long chunkRatio;
    private long[] entries;

    VhdxBat(long offset, long entryCount, long chunkRatio, long[] entries) {
        this.offset = offset;
        this.entryCount = entryCount;
        this.chunkRatio = chunkRatio;
        this.entries = entries;
    }

    /** The BAT index of payload block {@code block}: one sector bitmap entry after every chunk. */
    long payloadIndex(long block) {
        return block + block / chunkRatio;
    }

    long get(long index) {
        return index < entries.length ? entries[(int) index] : 0;
    }

    void set(long index, long value) {
        if (index >= entries.length) {
            entries = Arrays.copyOf(entries, (int) Math.min(entryCount, Math.max(index + 1, 2L * entries.length)));
        }
        entries[(int) index] = value;
    }

    /** How many entries are held (the rest are zero). */
    int held() {
        return entries.length;
    }

    static int state(long entry) {
        return (int) (entry & 7);
    }

    static long fileOffset(long entry) {
        return entry & OFFSET_MASK;
    }

    static long entry(int state, long fileOffset) {
        return (fileOffset & OFFSET_MASK) | state;
    }
}
