package io.jiotests.engine.cloop;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The cloop header and offset table, big endian: at byte 128 the uncompressed block size (32
 * bit), at 132 the block count n, then n + 1 64-bit file offsets; block i is the zlib stream
 * between offsets i and i + 1. QEMU's bounds: a block size that is a non-zero multiple of 512 up to
 * 64 MiB, an offset table of at most 512 MiB, offsets that never decrease and blocks of at most
 * 128 MiB compressed. Only the part of the table inside the file is held; the entries past the end
 * of the file read as 0, as QEMU's read of them does.
 */
final class CloopOffsets {
    static final int HEADER_OFFSET = 128;
    static final long MAX_BLOCK_SIZE = 64L << 20;
    static final long MAX_OFFSETS_SIZE = 512L << 20;
    private static final long MAX_BLOCKS = (0xffffffffL - 1) / 8;

    private final long blockSize;
    private final long blocks;
    private final ByteBuffer held;

    private CloopOffsets(long blockSize, long blocks, ByteBuffer held) {
        this.blockSize = blockSize;
        this.blocks = blocks;
        this.held = held;
    }

    static CloopOffsets read(BlockNode file) throws BlockException {
        ByteBuffer hdr = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        file.pread(HEADER_OFFSET, hdr);
        long blockSize = Integer.toUnsignedLong(hdr.getInt(0));
        if (blockSize % 512 != 0) {
            throw new BlockException(Errno.EINVAL, "block_size " + blockSize + " must be a multiple of 512");
        }
        if (blockSize == 0) {
            throw new BlockException(Errno.EINVAL, "block_size cannot be zero");
        }
        if (blockSize > MAX_BLOCK_SIZE) {
            throw new BlockException(Errno.EINVAL, "block_size " + blockSize + " must be "
                    + (MAX_BLOCK_SIZE >> 20) + " MB or less");
        }
        long blocks = Integer.toUnsignedLong(hdr.getInt(4));
        if (blocks > MAX_BLOCKS) {
            throw new BlockException(Errno.EINVAL, "n_blocks " + blocks + " must be " + MAX_BLOCKS + " or less");
        }
        long tableSize = (blocks + 1) * 8;
        if (tableSize > MAX_OFFSETS_SIZE) {
            throw new BlockException(Errno.EINVAL, "image requires too many offsets, try increasing block size");
        }
        long start = HEADER_OFFSET + 8;
        long inFile = Math.max(0, Math.min(tableSize, file.length() - start));
        ByteBuffer held = ByteBuffer.allocate((int) inFile).order(ByteOrder.BIG_ENDIAN);
        if (inFile > 0) {
            file.pread(start, held.duplicate());
        }
        CloopOffsets t = new CloopOffsets(blockSize, blocks, held);
        t.validate();
        return t;
    }

    /** Offset entry {@code i} (0 past the end of the file). */
    long get(long i) {
        long off = i * 8;
        if (off + 8 <= held.capacity()) {
            return held.getLong((int) off);
        }
        long v = 0;
        for (int k = 0; k < 8; k++) {
            long p = off + k;
            v = (v << 8) | (p < held.capacity() ? held.get((int) p) & 0xff : 0);
        }
        return v;
    }

    /**
     * QEMU's walk over the table: offsets must not decrease (compared unsigned) and no block may
     * be larger than twice the largest uncompressed size. Past the entries the file holds, every
     * entry is 0: only the first of them can break the order, so the walk stops there.
     */
    private void validate() throws BlockException {
        long inFileEntries = (held.capacity() + 7) / 8;
        long last = Math.min(blocks, inFileEntries);
        for (long i = 1; i <= blocks; i++) {
            long prev = get(i - 1);
            long cur = get(i);
            if (Long.compareUnsigned(cur, prev) < 0) {
                throw new BlockException(Errno.EINVAL, "offsets not monotonically increasing at index " + i
                        + ", image file is corrupt");
            }
            if (Long.compareUnsigned(cur - prev, 2 * MAX_BLOCK_SIZE) > 0) {
                throw new BlockException(Errno.EINVAL, "invalid compressed block size at index " + i
                        + ", image file is corrupt");
            }
            if (i > last && cur == 0) {
                break; // the rest are zeroes too: equal, size 0, all valid
            }
        }
    }

    long blockSize() {
        return blockSize;
    }

    long blocks() {
        return blocks;
    }
}
