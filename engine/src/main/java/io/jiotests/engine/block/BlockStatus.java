package io.jiotests.engine.block;

/**
 * The answer to a block-status query, as QEMU's bdrv_block_status(): the state of the first
 * {@code bytes} bytes starting at the queried offset.
 *
 * @param flags      a combination of {@link #DATA}, {@link #ZERO}, {@link #OFFSET_VALID},
 *                   {@link #ALLOCATED}, {@link #EOF}, {@link #RECURSE}
 * @param bytes      how many bytes the answer covers (at least 1 unless the query was at EOF)
 * @param mapOffset  with OFFSET_VALID, the host offset of the data in {@code file}
 * @param file       with OFFSET_VALID, the node that holds the data (the protocol node); else null
 */
public record BlockStatus(int flags, long bytes, long mapOffset, BlockNode file) {
    /** Data reads from the node's file (or is allocated data of a protocol node). */
    public static final int DATA = 0x01;
    /** The range reads as zeroes. */
    public static final int ZERO = 0x02;
    /** {@code mapOffset} and {@code file} are valid. */
    public static final int OFFSET_VALID = 0x04;
    /** Internal: the data is stored raw at mapOffset in file (used by raw and filters). */
    public static final int RAW = 0x08;
    /** The content is determined by this layer (not by its backing file). */
    public static final int ALLOCATED = 0x10;
    /** The range reaches the end of the node. */
    public static final int EOF = 0x20;
    /** Ask the file node for the precise status of the mapped range. */
    public static final int RECURSE = 0x40;

    public boolean isData() {
        return (flags & DATA) != 0;
    }

    public boolean isZero() {
        return (flags & ZERO) != 0;
    }

    public boolean isAllocated() {
        return (flags & ALLOCATED) != 0;
    }

    public boolean offsetValid() {
        return (flags & OFFSET_VALID) != 0;
    }

    public BlockStatus withBytes(long newBytes) {
        return new BlockStatus(flags, newBytes, mapOffset, file);
    }
}
