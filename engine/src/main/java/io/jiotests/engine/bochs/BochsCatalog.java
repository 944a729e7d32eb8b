package io.jiotests.engine.bochs;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The catalog of a Bochs image: one little-endian 32-bit extent number per extent of the disk,
 * 0xffffffff for an unallocated extent. Only the part of it inside the file is held; entries past
 * the end of the file read as 0 (QEMU reads zeroes there).
 */
final class BochsCatalog {
    static final long UNALLOCATED = 0xffffffffL;

    private final ByteBuffer held;
    private final long entries;

    private BochsCatalog(ByteBuffer held, long entries) {
        this.held = held;
        this.entries = entries;
    }

    /** Reads the catalog at the header's offset; the header was validated (at most 1 Mi entries). */
    static BochsCatalog read(BlockNode file, BochsHeader h) throws BlockException {
        long entries = h.catalogEntries();
        long start = h.headerSize();
        long inFile = Math.max(0, Math.min(entries * 4, file.length() - start));
        ByteBuffer b = ByteBuffer.allocate((int) inFile).order(ByteOrder.LITTLE_ENDIAN);
        if (inFile > 0) {
            file.pread(start, b.duplicate());
        }
        return new BochsCatalog(b, entries);
    }

    long entries() {
        return entries;
    }

    /** Entry {@code i} (unsigned). */
    long get(long i) {
        long off = i * 4;
        if (off + 4 > held.capacity()) {
            byte[] tail = new byte[4];
            for (int k = 0; k < 4; k++) {
                tail[k] = off + k < held.capacity() ? held.get((int) (off + k)) : 0;
            }
            return Integer.toUnsignedLong(ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getInt());
        }
        return Integer.toUnsignedLong(held.getInt((int) off));
    }
}
