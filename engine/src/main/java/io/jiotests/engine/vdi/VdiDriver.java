package io.jiotests.engine.vdi;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatDriverBase;
import io.jiotests.engine.block.FormatOptions;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The VDI format (VirtualBox): a 512-byte header, a block map and 1 MiB data blocks allocated in
 * write order. Creation options as qemu 7.2: size and static.
 */
public final class VdiDriver extends FormatDriverBase {
    private static final OptionSchema CREATE_OPTIONS = OptionSchema.of(
            OptionSpec.size("size", "Virtual disk size"),
            OptionSpec.flag("static", "VDI static (pre-allocated) image", "off"));

    /** Created on the first create: SecureRandom initialises the security providers (slow). */
    private static final class RandomHolder {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    public VdiDriver() {
        super("vdi", CREATE_OPTIONS);
    }

    @Override
    public int probe(byte[] header, int length, String filename) {
        if (length < VdiHeader.SIZE) {
            return 0;
        }
        int sig = ByteBuffer.wrap(header, 0x40, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return sig == VdiHeader.SIGNATURE ? 100 : 0;
    }

    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry) throws BlockException {
        long size = opts.getSize("size", 0);
        boolean fixed = opts.getFlag("static", false);
        long rounded = (size + VdiHeader.SECTOR_SIZE - 1) & ~(long) (VdiHeader.SECTOR_SIZE - 1);
        if (Long.compareUnsigned(rounded, VdiHeader.DISK_SIZE_MAX) > 0) {
            throw new BlockException(Errno.ENOTSUP, "Unsupported VDI image size (size is 0x"
                    + Long.toHexString(rounded) + ", max supported is 0x"
                    + Long.toHexString(VdiHeader.DISK_SIZE_MAX) + ")");
        }
        int blocks = (int) ((rounded + VdiHeader.DEFAULT_BLOCK_SIZE - 1) / VdiHeader.DEFAULT_BLOCK_SIZE);
        long bmapBytes = (((long) blocks * 4 + VdiHeader.SECTOR_SIZE - 1)
                / VdiHeader.SECTOR_SIZE * VdiHeader.SECTOR_SIZE);
        long dataOffset = VdiHeader.SECTOR_SIZE + bmapBytes;
        BlockDriver proto = createEmptyProtocolFile(filename, opts, registry);
        try (BlockNode file = ImageCreator.openCreatedFile(proto, filename, opts, registry)) {
            VdiHeader header = VdiHeader.forCreate(rounded, blocks, dataOffset, fixed, RandomHolder.INSTANCE);
            file.pwrite(0, ByteBuffer.wrap(header.toBytes()), 0);
            VdiBlockMap.writeInitial(file, VdiHeader.SECTOR_SIZE, blocks, fixed, bmapBytes);
            if (fixed) {
                file.truncate(dataOffset + (long) blocks * VdiHeader.DEFAULT_BLOCK_SIZE, false,
                        Preallocation.OFF);
            }
            file.flush();
        }
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        BlockNode file = protocolChild(ctx);
        byte[] raw = new byte[VdiHeader.SIZE];
        file.pread(0, ByteBuffer.wrap(raw));
        VdiHeader header = VdiHeader.parse(raw);
        header.validate();
        VdiBlockMap map = VdiBlockMap.read(file, header.bmapOffset(), header.blocksInImage());
        FormatOptions.rejectUnknown("vdi", ctx.options(), Set.of());
        return new VdiNode(this, ctx, header, map);
    }
}
