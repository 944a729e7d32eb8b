package io.jiotests.engine.parallels;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatDriverBase;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionType;
import io.jiotests.engine.block.OptionValues;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Parallels format (Parallels Desktop / Virtuozzo "expanding" images): a 64-byte header, a BAT
 * of 32-bit cluster numbers and clusters allocated at the end of the data area in write order.
 * Creation options as qemu 7.2: size and cluster_size (1 MiB by default).
 */
public final class ParallelsDriver extends FormatDriverBase {
    static final long DEFAULT_CLUSTER_SIZE = 1 << 20;
    /** The largest number of clusters an image may have (QEMU's MAX_PARALLELS_IMAGE_FACTOR). */
    static final long MAX_IMAGE_FACTOR = 1L << 32;
    private static final OptionSchema CREATE_OPTIONS = OptionSchema.of(
            OptionSpec.size("size", "Virtual disk size"),
            new OptionSpec("cluster_size", OptionType.SIZE, "Parallels image cluster size",
                    Long.toString(DEFAULT_CLUSTER_SIZE)));

    public ParallelsDriver() {
        super("parallels", CREATE_OPTIONS);
    }

    @Override
    public int probe(byte[] header, int length, String filename) {
        if (length < ParallelsHeader.SIZE) {
            return 0;
        }
        boolean magic = ParallelsHeader.hasMagic(header, ParallelsHeader.MAGIC_V1)
                || ParallelsHeader.hasMagic(header, ParallelsHeader.MAGIC_V2);
        int version = ByteBuffer.wrap(header, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return magic && version == ParallelsHeader.VERSION ? 100 : 0;
    }

    /** Unallocated clusters read from a backing node given by options, as QEMU's driver allows. */
    @Override
    public boolean supportsBacking() {
        return true;
    }

    /**
     * As qemu-img create: the file first (left behind when the options are refused), sizes rounded
     * up to whole sectors, then the header sector and zeroes up to the end of the BAT's clusters.
     */
    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry) throws BlockException {
        long size = roundUp512(opts.getSize("size", 0));
        long clusterSize = roundUp512(opts.getSize("cluster_size", DEFAULT_CLUSTER_SIZE));
        BlockDriver proto = createEmptyProtocolFile(filename, opts, registry);
        if (Long.compareUnsigned(clusterSize, Long.MAX_VALUE / MAX_IMAGE_FACTOR) >= 0) {
            throw new BlockException(Errno.EINVAL, "Cluster size is too large");
        }
        if (size >= MAX_IMAGE_FACTOR * clusterSize) {
            throw new BlockException(Errno.E2BIG, "Image size is too large for this cluster size");
        }
        long batEntries = (size + clusterSize - 1) / clusterSize;
        long batBytes = ParallelsMetadata.entryOffset(batEntries);
        long batSectors = ((batBytes + clusterSize - 1) / clusterSize * clusterSize) >> 9;
        ParallelsHeader header = ParallelsHeader.forCreate(size, clusterSize, batEntries, batSectors);
        try (BlockNode file = ImageCreator.openCreatedFile(proto, filename, opts, registry)) {
            byte[] sector = new byte[512];
            System.arraycopy(header.toBytes(), 0, sector, 0, ParallelsHeader.SIZE);
            file.pwrite(0, ByteBuffer.wrap(sector), 0);
            if (batSectors > 1) {
                file.pwriteZeroes(512, (batSectors - 1) << 9, 0);
            }
            file.flush();
        }
    }

    /** QEMU rounds both sizes up silently; a value near 2^64 wraps as in its unsigned arithmetic. */
    private static long roundUp512(long v) {
        return (v + 511) & ~511L;
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        BlockNode file = protocolChild(ctx);
        return ParallelsOpen.open(this, ctx);
    }
}
