package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.BlockStatusQuery;

/**
 * Block status as qemu-img sees it (bdrv_block_status / bdrv_block_status_above): the driver's
 * answer completed by the generic rules: raw pass-through to the file node, ALLOCATED for data or
 * zero ranges, unallocated ranges without a backing file (or past its end) reading as zero, the
 * protocol node's own hole/zero report merged in for data ranges, and the walk down the backing
 * chain that gives map's "depth".
 */
final class ChainStatus {
    /** One answer: status flags, length, host offset and file node (when OFFSET_VALID), depth. */
    record Extent(int flags, long bytes, long mapOffset, BlockNode file, int depth) {
        boolean data() {
            return (flags & BlockStatus.DATA) != 0;
        }

        boolean zero() {
            return (flags & BlockStatus.ZERO) != 0;
        }

        boolean allocated() {
            return (flags & BlockStatus.ALLOCATED) != 0;
        }

        boolean offsetValid() {
            return (flags & BlockStatus.OFFSET_VALID) != 0;
        }
    }

    private ChainStatus() {
    }

    /** bdrv_block_status() of one node (the engine's generic block-status layer). */
    static BlockStatus status(BlockNode node, long offset, long bytes, boolean wantZero) throws BlockException {
        return BlockStatusQuery.status(node, offset, bytes, wantZero);
    }

    /** map's get_block_status(): walks down the chain until a layer has data or zeroes. */
    static Extent above(BlockNode top, long offset, long bytes) throws BlockException {
        BlockNode bs = top;
        int depth = 0;
        long n = bytes;
        while (true) {
            BlockStatus s = status(bs, offset, n, true);
            if (s.bytes() > 0) {
                n = Math.min(n, s.bytes());
            }
            if ((s.flags() & (BlockStatus.ZERO | BlockStatus.DATA)) != 0) {
                return new Extent(s.flags(), n, s.mapOffset(), s.file(), depth);
            }
            BlockNode next = bs.backing();
            if (next == null) {
                return new Extent(0, n, 0, null, depth);
            }
            if (s.bytes() == 0) {
                // past the end of this layer
                return new Extent(BlockStatus.ZERO, n, 0, null, depth);
            }
            bs = next;
            depth++;
        }
    }

    /**
     * bdrv_is_allocated_above(top, base): whether the range is allocated in a layer above
     * {@code base} (exclusive); returns the number of bytes with the same answer, negated when
     * unallocated.
     */
    static long allocatedAbove(BlockNode top, BlockNode base, long offset, long bytes) throws BlockException {
        long n = bytes;
        for (BlockNode bs = top; bs != null && bs != base; bs = bs.backing()) {
            BlockStatus s = status(bs, offset, n, false);
            long got = s.bytes();
            if (got == 0) {
                // beyond this layer's end: unallocated here
                continue;
            }
            if ((s.flags() & BlockStatus.ALLOCATED) != 0) {
                return Math.min(n, got);
            }
            n = Math.min(n, got);
        }
        return -n;
    }
}
