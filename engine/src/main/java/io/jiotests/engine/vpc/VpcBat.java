package io.jiotests.engine.vpc;

/**
 * The block allocation table of a dynamic VHD in memory: per block the sector (512-byte unit) of
 * its bitmap in the file, big endian on disk, {@link #UNALLOCATED} for blocks that read as zeroes.
 * Each block's data follows its sector bitmap; the next block goes where the footer is.
 */
final class VpcBat {
    static final int UNALLOCATED = 0xffffffff;

    final int[] entries;
    final long tableOffset;
    final long blockSize;
    final int bitmapSize;
    /** Where the next block goes (and where the footer is). */
    long freeDataBlockOffset;

    VpcBat(int[] entries, long tableOffset, long blockSize, int bitmapSize, long freeDataBlockOffset) {
        this.entries = entries;
        this.tableOffset = tableOffset;
        this.blockSize = blockSize;
        this.bitmapSize = bitmapSize;
        this.freeDataBlockOffset = freeDataBlockOffset;
    }

    /** The file offset of the bitmap of the block at {@code index}, or -1 if it is not allocated. */
    long bitmapOffset(long index) {
        if (index >= entries.length || entries[(int) index] == UNALLOCATED) {
            return -1;
        }
        return Integer.toUnsignedLong(entries[(int) index]) * 512;
    }
}
