package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The data side of convert's sources, concatenated: each source's length, rounded up to sectors
 * and as is, taken once when the copy starts (as qemu-img convert takes them; the walk asks for
 * them at every run), and the reads of a run, which always lies within one source.
 */
final class ConvertSources {
    private static final int SECTOR = 512;

    private final List<BlockNode> sources;
    private final long[] sectorLengths;
    private final long[] lengths;

    ConvertSources(List<BlockNode> sources) throws BlockException {
        this.sources = sources;
        sectorLengths = new long[sources.size()];
        lengths = new long[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            lengths[i] = sources.get(i).length();
            sectorLengths[i] = (lengths[i] + SECTOR - 1) & ~(long) (SECTOR - 1);
        }
    }

    /** Source {@code i}'s length rounded up to whole sectors (its part of the concatenation). */
    long sectorLength(int i) {
        return sectorLengths[i];
    }

    /** Reads {@code dst.remaining()} bytes at a global offset, with qemu-img's "error while reading" text. */
    void read(long offset, ByteBuffer dst) throws BlockException {
        try {
            readSources(offset, dst);
        } catch (BlockException e) {
            throw new BlockException(e.errno(), "error while reading at byte " + offset + ": " + e.errno().text());
        }
    }

    private void readSources(long offset, ByteBuffer dst) throws BlockException {
        long base = 0;
        for (int i = 0; i < sources.size(); i++) {
            BlockNode src = sources.get(i);
            long len = sectorLengths[i];
            if (offset < base + len) {
                long local = offset - base;
                long realLen = lengths[i];
                int n = dst.remaining();
                if (local + n > realLen) {
                    // the sector-rounded tail of a raw file reads as zeroes
                    int avail = (int) Math.max(0, realLen - local);
                    ByteBuffer part = dst.slice(dst.position(), avail);
                    if (avail > 0) {
                        src.pread(local, part);
                    }
                    for (int z = dst.position() + avail; z < dst.limit(); z++) {
                        dst.put(z, (byte) 0);
                    }
                    dst.position(dst.limit());
                } else {
                    src.pread(local, dst);
                }
                return;
            }
            base += len;
        }
    }
}
