package io.jiotests.engine.vhdx;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Preallocation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The layout qemu-img create writes: the file type identifier (creator "QEMU v7.2.22"), two
 * headers with the same random file and data write GUIDs and sequence numbers S and S+1 (S a
 * random 32-bit number), the log at 1 MiB, the BAT after it (whole MiB), the metadata region
 * (1 MiB) after the BAT, both region tables, and payload from 4 MiB after the metadata region.
 * The BAT of a dynamic image says "zero" for every payload block (block_state_zero=on) or nothing;
 * a fixed image has all its payload in the file, its BAT entries "fully present" only with
 * block_state_zero=off (qemu marks them "zero" otherwise too).
 */
final class VhdxCreate {
    static final String CREATOR = "QEMU v7.2.22";
    static final long LOG_OFFSET = VhdxOpen.MIB;
    private static final long MIB = VhdxOpen.MIB;

    private static final class RandomHolder {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    private VhdxCreate() {
    }

    static void write(BlockNode file, long size, long logSize, long blockSize, boolean fixed, boolean zeroState)
            throws BlockException {
        VhdxMetadata m = new VhdxMetadata();
        m.blockSize = blockSize;
        m.diskSize = size;
        m.logicalSector = 512;
        m.physicalSector = 512;
        long entries = m.batEntries();
        long batOffset = LOG_OFFSET + logSize;
        long batLength = (entries * 8 + MIB - 1) & -MIB;
        long metaOffset = batOffset + batLength;
        long payloadOffset = metaOffset + MIB + 4 * MIB;
        long fileSize = fixed ? payloadOffset + size : payloadOffset;
        file.truncate(fileSize, false, Preallocation.OFF);

        byte[] ident = new byte[4096];
        System.arraycopy(VhdxOpen.FILE_SIGNATURE, 0, ident, 0, 8);
        byte[] creator = CREATOR.getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(creator, 0, ident, 8, creator.length);
        file.pwrite(0, ByteBuffer.wrap(ident), 0);

        long sequence = Integer.toUnsignedLong(RandomHolder.INSTANCE.nextInt());
        byte[] fileWrite = VhdxGuid.random();
        byte[] dataWrite = VhdxGuid.random();
        file.pwrite(VhdxHeader.HEADER1_OFFSET, ByteBuffer.wrap(
                VhdxHeader.forCreate(sequence, fileWrite, dataWrite, LOG_OFFSET, logSize).toBytes()), 0);
        file.pwrite(VhdxHeader.HEADER2_OFFSET, ByteBuffer.wrap(
                VhdxHeader.forCreate(sequence + 1, fileWrite, dataWrite, LOG_OFFSET, logSize).toBytes()), 0);

        byte[] regions = VhdxRegionTable.forCreate(batOffset, batLength, metaOffset, MIB);
        file.pwrite(VhdxRegionTable.TABLE1_OFFSET, ByteBuffer.wrap(regions), 0);
        file.pwrite(VhdxRegionTable.TABLE2_OFFSET, ByteBuffer.wrap(regions), 0);

        file.pwrite(metaOffset, ByteBuffer.wrap(VhdxMetadata.tableForCreate()), 0);
        byte[] items = new byte[4096];
        byte[] values = VhdxMetadata.itemsForCreate(blockSize, fixed, size, VhdxGuid.random(), 512, 512);
        System.arraycopy(values, 0, items, 0, values.length);
        file.pwrite(metaOffset + VhdxMetadata.ITEMS_OFFSET, ByteBuffer.wrap(items), 0);

        if (zeroState || fixed) {
            writeBat(file, m, batOffset, batLength, fixed && !zeroState, payloadOffset);
        }
    }

    /**
     * The whole BAT region (as qemu writes it, zeroes after the last entry), its payload entries
     * "zero" or "fully present" at consecutive blocks from {@code payloadOffset}.
     */
    private static void writeBat(BlockNode file, VhdxMetadata m, long batOffset, long batLength, boolean present,
                                 long payloadOffset) throws BlockException {
        long blocks = m.dataBlocks();
        long ratio = m.chunkRatio();
        int chunk = 1 << 20;
        ByteBuffer buf = ByteBuffer.allocate(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (long start = 0; start < batLength; start += chunk) {
            java.util.Arrays.fill(buf.array(), (byte) 0);
            for (int i = 0; i < chunk / 8; i++) {
                long index = start / 8 + i;
                if ((index + 1) % (ratio + 1) == 0) {
                    continue; // a sector bitmap entry: not present
                }
                long block = index - index / (ratio + 1);
                if (block >= blocks) {
                    break;
                }
                buf.putLong(i * 8, present ? VhdxBat.entry(VhdxBat.FULLY_PRESENT, payloadOffset + block * m.blockSize)
                        : VhdxBat.ZERO);
            }
            buf.clear().limit((int) Math.min(chunk, batLength - start));
            file.pwrite(batOffset + start, buf, 0);
        }
    }
}
