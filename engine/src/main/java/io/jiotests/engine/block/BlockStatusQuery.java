package io.jiotests.engine.block;

/**
 * Block status through the graph, as QEMU's bdrv_block_status / bdrv_block_status_above /
 * bdrv_is_allocated_above: asks a node's driver, follows RAW answers into the file node, refines
 * zero detection from the file (RECURSE), marks ALLOCATED and EOF, and walks the backing chain.
 * Answers never contain the internal RAW / RECURSE flags.
 */
public final class BlockStatusQuery {
    private static final int INTERNAL = BlockStatus.RAW | BlockStatus.RECURSE;

    private BlockStatusQuery() {
    }

    /** The status of one node (its own layer only) for the range at offset, at most bytes long. */
    public static BlockStatus status(BlockNode bs, long offset, long bytes, boolean wantZero)
            throws BlockException {
        long total = BlockBackend.sectorLength(bs);
        if (offset >= total || bytes <= 0) {
            return new BlockStatus(offset >= total ? BlockStatus.EOF : 0, 0, 0, null);
        }
        bytes = Math.min(bytes, total - offset);
        BlockStatus r = bs.blockStatus(offset, bytes, wantZero);
        long pnum = r.bytes() <= 0 || r.bytes() > bytes ? bytes : r.bytes();
        int flags = r.flags();
        long map = r.mapOffset();
        BlockNode file = r.file();
        if ((flags & BlockStatus.RAW) != 0 && file != null) {
            BlockStatus inner = status(file, map, pnum, wantZero);
            long n = inner.bytes() > 0 ? inner.bytes() : pnum;
            int f = inner.flags() & ~BlockStatus.EOF;
            if (inner.bytes() == 0) {
                // past the end of the file: reads as zeroes
                f = BlockStatus.ZERO | BlockStatus.ALLOCATED | BlockStatus.OFFSET_VALID;
            }
            if (offset + n == total) {
                f |= BlockStatus.EOF;
            }
            return new BlockStatus(f & ~INTERNAL, n, inner.file() != null ? inner.mapOffset() : map,
                    inner.file() != null ? inner.file() : file);
        }
        if ((flags & (BlockStatus.DATA | BlockStatus.ZERO)) != 0) {
            flags |= BlockStatus.ALLOCATED;
        } else if (wantZero && bs.driver().supportsBacking()) {
            BlockNode backing = bs.backing();
            if (backing == null || offset >= BlockBackend.sectorLength(backing)) {
                flags |= BlockStatus.ZERO;
            }
        }
        if (wantZero && (flags & BlockStatus.RECURSE) != 0 && (flags & BlockStatus.OFFSET_VALID) != 0
                && file != null && (flags & BlockStatus.ZERO) == 0) {
            BlockStatus fr = status(file, map, pnum, true);
            if ((fr.flags() & BlockStatus.EOF) != 0 && (fr.bytes() == 0 || fr.isZero())) {
                flags |= BlockStatus.ZERO;
            } else if (fr.bytes() > 0) {
                pnum = Math.min(pnum, fr.bytes());
                flags |= fr.flags() & BlockStatus.ZERO;
            }
        }
        if (offset + pnum == total) {
            flags |= BlockStatus.EOF;
        }
        return new BlockStatus(flags & ~INTERNAL, pnum, map, file);
    }

    /**
     * The status through the backing chain from {@code top} down to {@code base} (exclusive, or
     * inclusive with includeBase; null base means the whole chain), and at which depth (0 = top)
     * the answer was found, or -1 when no layer allocates the range.
     */
    public record ChainStatus(BlockStatus status, int depth) {
    }

    public static ChainStatus statusAbove(BlockNode top, BlockNode base, boolean includeBase,
                                          long offset, long bytes, boolean wantZero)
            throws BlockException {
        BlockStatus first = status(top, offset, bytes, wantZero);
        if (first.isAllocated() || first.bytes() == 0 || (top == base && includeBase)) {
            return new ChainStatus(first, first.isAllocated() ? 0 : -1);
        }
        long pnum = first.bytes();
        int depth = 1;
        BlockStatus last = first;
        for (BlockNode p = top.backing(); p != null; p = p.backing(), depth++) {
            if (p == base && !includeBase) {
                break;
            }
            BlockStatus s = status(p, offset, pnum, wantZero);
            if (s.bytes() == 0) {
                // this layer ends before offset: the rest reads as zeroes
                int f = wantZero ? BlockStatus.ZERO : 0;
                return new ChainStatus(new BlockStatus(f | (last.flags() & BlockStatus.EOF), pnum, 0, null), -1);
            }
            if (s.isAllocated()) {
                long n = Math.min(pnum, s.bytes());
                return new ChainStatus(s.withBytes(n), depth);
            }
            pnum = Math.min(pnum, s.bytes());
            last = s;
            if (p == base) {
                break;
            }
        }
        return new ChainStatus(last.withBytes(pnum), -1);
    }

    /** bdrv_is_allocated_above's answer: whether some layer allocates the range, for how long. */
    public record Allocation(boolean allocated, long bytes, int depth) {
    }

    public static Allocation isAllocatedAbove(BlockNode top, BlockNode base, boolean includeBase,
                                              long offset, long bytes) throws BlockException {
        long pnum = bytes;
        int depth = 0;
        for (BlockNode p = top; p != null; p = p.backing(), depth++) {
            if (p == base && !includeBase) {
                break;
            }
            long len = BlockBackend.sectorLength(p);
            BlockStatus s = status(p, offset, pnum, false);
            if (s.isAllocated()) {
                return new Allocation(true, Math.min(pnum, s.bytes()), depth);
            }
            if (s.bytes() > 0) {
                pnum = Math.min(pnum, s.bytes());
            } else if (offset >= len && p == top) {
                return new Allocation(false, 0, -1);
            }
            if (p == base) {
                break;
            }
        }
        return new Allocation(false, pnum, -1);
    }

    /** bdrv_is_allocated: whether this node itself (not its backing chain) allocates the range. */
    public static Allocation isAllocated(BlockNode bs, long offset, long bytes) throws BlockException {
        BlockStatus s = status(bs, offset, bytes, false);
        return new Allocation(s.isAllocated(), s.bytes(), s.isAllocated() ? 0 : -1);
    }
}
