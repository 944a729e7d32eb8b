package io.jiotests.engine.cloop;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.ReadOnlyFormatNodeBase;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenContext;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * An open (read-only) cloop image. A read decompresses each block it touches into a one-block
 * cache, as QEMU does; a block whose zlib stream does not end with exactly one block of output
 * fails the read with EIO. There is no allocation map: block status reports data everywhere.
 */
final class CloopNode extends ReadOnlyFormatNodeBase<CloopDriver> {
    private static final int ZERO_CHUNK = 1 << 16;

    private final CloopOffsets offsets;
    private final long sectorsPerBlock;
    private final Inflater inflater = new Inflater();
    private byte[] block;
    private long currentBlock = -1;

    CloopNode(CloopDriver driver, OpenContext ctx, CloopOffsets offsets) {
        // the disk's sector count is a 32-bit product in QEMU
        super(driver, ctx, (offsets.blocks() * (offsets.blockSize() / 512)) & 0xffffffffL);
        this.offsets = offsets;
        this.sectorsPerBlock = offsets.blockSize() / 512;
    }

    @Override
    public synchronized void pread(long offset, ByteBuffer dst) throws BlockException {
        long sector = offset >> 9;
        while (dst.hasRemaining()) {
            long b = sector / sectorsPerBlock;
            int inBlock = (int) ((sector % sectorsPerBlock) * 512);
            load(b);
            dst.put(block, inBlock, 512);
            sector++;
        }
    }

    /** Decompresses block {@code b} into the cache unless it is there already. */
    private void load(long b) throws BlockException {
        if (b == currentBlock) {
            return;
        }
        currentBlock = -1;
        long start = offsets.get(b);
        long bytes = (offsets.get(b + 1) - start) & 0xffffffffL;
        if (start < 0) {
            throw new BlockException(Errno.EIO);
        }
        long inFile = Math.max(0, Math.min(bytes, file.length() - start));
        byte[] compressed = new byte[(int) inFile];
        file.pread(start, ByteBuffer.wrap(compressed));
        if (block == null) {
            block = new byte[(int) offsets.blockSize()];
        }
        inflater.reset();
        inflater.setInput(compressed);
        long zeroesLeft = bytes - inFile; // what lies past the end of the file reads as zeroes
        int produced = 0;
        byte[] scratch = new byte[1];
        try {
            while (!inflater.finished()) {
                int n;
                if (produced < block.length) {
                    n = inflater.inflate(block, produced, block.length - produced);
                    produced += n;
                } else {
                    n = inflater.inflate(scratch, 0, 1);
                    if (n > 0) {
                        throw new BlockException(Errno.EIO); // more than one block of output
                    }
                }
                if (inflater.finished() || n > 0) {
                    continue;
                }
                if (inflater.needsInput() && zeroesLeft > 0) {
                    int k = (int) Math.min(ZERO_CHUNK, zeroesLeft);
                    inflater.setInput(new byte[k]);
                    zeroesLeft -= k;
                } else {
                    break; // out of input, or a preset dictionary: zlib's inflate would not end
                }
            }
        } catch (DataFormatException e) {
            throw new BlockException(Errno.EIO);
        }
        if (!inflater.finished() || produced != block.length) {
            throw new BlockException(Errno.EIO);
        }
        currentBlock = b;
    }

    @Override
    public void close() throws BlockException {
        inflater.end();
        super.close();
    }
}
