package io.jiotests.engine.vdi;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.FormatNodeBase;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.ReopenTransaction;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An open VDI image. Reads of unallocated (or discarded) blocks return zeroes; the first write to
 * such a block appends a whole new block at the end of the data area (the request's bytes, zeroes
 * around them), then rewrites the header (allocated block count) and the block map sectors that
 * changed, as qemu does. Zero writes and discard have no special handling (qemu has none for VDI):
 * zero writes are plain writes and discard does nothing.
 */
final class VdiNode extends FormatNodeBase<VdiDriver> {
    private final VdiHeader header;
    private final VdiBlockMap map;
    private final long diskSize;
    private final long blockSize;
    private final long dataOffset;
    private final boolean fixed;
    /** Readers share; a write (which may allocate) is exclusive. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long blocksAllocated;

    VdiNode(VdiDriver driver, OpenContext ctx, VdiHeader header, VdiBlockMap map) {
        super(driver, ctx);
        this.header = header;
        this.map = map;
        this.diskSize = header.roundedDiskSize();
        this.blockSize = header.blockSize();
        this.dataOffset = header.dataOffset();
        this.fixed = header.imageType() == VdiHeader.TYPE_STATIC;
        this.blocksAllocated = header.blocksAllocated();
    }

    @Override
    public long length() {
        return diskSize;
    }

    @Override
    public int clusterSize() {
        return (int) blockSize;
    }

    private long hostOffset(int entry, long inBlock) {
        return dataOffset + Integer.toUnsignedLong(entry) * blockSize + inBlock;
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        lock.readLock().lock();
        try {
            long pos = offset;
            while (dst.hasRemaining()) {
                long block = pos / blockSize;
                long inBlock = pos % blockSize;
                int n = (int) Math.min(dst.remaining(), blockSize - inBlock);
                int entry = map.get(block);
                ByteBuffer part = dst.slice(dst.position(), n);
                if (VdiBlockMap.isAllocated(entry)) {
                    file.pread(hostOffset(entry, inBlock), part);
                } else {
                    while (part.hasRemaining()) {
                        part.put((byte) 0);
                    }
                }
                dst.position(dst.position() + n);
                pos += n;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int writeFlags) throws BlockException {
        refuseCompressedWrite(writeFlags);
        lock.writeLock().lock();
        try {
            long firstChanged = -1;
            long lastChanged = -1;
            long pos = offset;
            while (src.hasRemaining()) {
                long block = pos / blockSize;
                long inBlock = pos % blockSize;
                int n = (int) Math.min(src.remaining(), blockSize - inBlock);
                ByteBuffer part = src.slice(src.position(), n);
                int entry = map.get(block);
                if (VdiBlockMap.isAllocated(entry)) {
                    file.pwrite(hostOffset(entry, inBlock), part, writeFlags & WRITE_FUA);
                } else {
                    entry = (int) blocksAllocated;
                    ByteBuffer whole = ByteBuffer.allocate((int) blockSize);
                    whole.put((int) inBlock, part, 0, n);
                    file.pwrite(hostOffset(entry, 0), whole, 0);
                    map.set(block, entry);
                    blocksAllocated = Integer.toUnsignedLong(entry + 1);
                    if (firstChanged < 0) {
                        firstChanged = block;
                    }
                    lastChanged = block;
                }
                src.position(src.position() + n);
                pos += n;
            }
            if (firstChanged >= 0) {
                header.setBlocksAllocated(blocksAllocated);
                file.pwrite(0, ByteBuffer.wrap(header.toBytes()), 0);
                map.writeSectors(file, firstChanged, lastChanged);
                if ((writeFlags & WRITE_FUA) != 0) {
                    file.flush();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void flush() throws BlockException {
        file.flush();
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) {
        long inBlock = offset % blockSize;
        long n = Math.min(bytes, blockSize - inBlock);
        lock.readLock().lock();
        try {
            int entry = map.get(offset / blockSize);
            if (!VdiBlockMap.isAllocated(entry)) {
                return new BlockStatus(BlockStatus.ZERO, n, 0, null); // qemu: reads as zeroes
            }
            int f = BlockStatus.DATA | BlockStatus.OFFSET_VALID | (fixed ? BlockStatus.RECURSE : 0);
            return new BlockStatus(f, n, hostOffset(entry, inBlock), file);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * qemu's VDI check: every allocated entry must name a block inside the image and no block
     * twice, and the count must match the header. Repair is not supported.
     */
    @Override
    public CheckResult check(CheckMode mode, PrintStream report) throws BlockException {
        if (mode != CheckMode.NONE) {
            throw new BlockException(Errno.ENOTSUP, "This image format does not support checks");
        }
        lock.readLock().lock();
        try {
            long blocks = map.blocks();
            java.util.BitSet used = new java.util.BitSet();
            long corruptions = 0;
            long counted = 0;
            long stored = Math.min(blocks, map.storedEntries());
            for (long i = 0; i < stored; i++) {
                int entry = map.get(i);
                if (!VdiBlockMap.isAllocated(entry)) {
                    continue;
                }
                long e = Integer.toUnsignedLong(entry);
                if (e < blocks) {
                    counted++;
                    if (used.get((int) e)) {
                        report.print("ERROR: block index " + e + " also used by " + e + "\n");
                        corruptions++;
                    } else {
                        used.set((int) e);
                    }
                } else {
                    report.print("ERROR: block index " + i + " too large, is " + e + "\n");
                    corruptions++;
                }
            }
            // the entries past the end of the file all read as 0: each names data block 0
            long tail = blocks - stored;
            if (tail > 0) {
                counted += tail;
                long duplicates = used.get(0) ? tail : tail - 1;
                corruptions += duplicates;
                printRepeated(report, "ERROR: block index 0 also used by 0\n", duplicates);
            }
            if (counted != header.blocksAllocated()) {
                report.printf("ERROR: allocated blocks mismatch, is %d, should be %d%n", counted,
                        header.blocksAllocated());
                corruptions++;
            }
            return new CheckResult(corruptions, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Writes {@code line} {@code times} times, pre-encoded and in batches (there may be 2^29 of them). */
    private static void printRepeated(PrintStream report, String line, long times) {
        int batch = 4096;
        byte[] chunk = line.repeat(batch).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int lineBytes = chunk.length / batch;
        long left = times;
        while (left >= batch) {
            report.write(chunk, 0, chunk.length);
            left -= batch;
        }
        report.write(chunk, 0, (int) left * lineBytes);
    }

    @Override
    public ReopenTransaction reopenPrepare(OpenFlags newFlags) throws BlockException {
        return reopenWithFile(newFlags);
    }
}
