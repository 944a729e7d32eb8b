package io.jiotests.engine.qed;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatDriverBase;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionType;
import io.jiotests.engine.block.OptionValues;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The QED format driver (QEMU Enhanced Disk): probe, creation options, create and open. */
public final class QedDriver extends FormatDriverBase {
    private static final OptionSchema CREATE_OPTIONS = OptionSchema.of(
            OptionSpec.size("size", "Virtual disk size"),
            OptionSpec.string("backing_file", "File name of a base image"),
            OptionSpec.string("backing_fmt", "Image format of the base image"),
            new OptionSpec("cluster_size", OptionType.SIZE, "Cluster size (in bytes)", "65536"),
            OptionSpec.size("table_size", "L1/L2 table size (in clusters)"));

    public QedDriver() {
        super("qed", CREATE_OPTIONS);
    }

    /** 100 for the magic "QED\0" in a header of at least 64 bytes, as QEMU scores it. */
    @Override
    public int probe(byte[] header, int length, String filename) {
        if (length < QedHeader.SIZE) {
            return 0;
        }
        int magic = ByteBuffer.wrap(header, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return magic == QedHeader.MAGIC ? 100 : 0;
    }

    @Override
    public boolean supportsBacking() {
        return true;
    }

    /**
     * Creates the file first (QEMU does so before it validates the options, leaving an empty file
     * behind on error), then writes the header, the backing file name after it and a zeroed L1
     * table in the cluster after the header.
     */
    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry)
            throws BlockException {
        long size = (opts.getSize("size", 0) + 511) & ~511L;
        long clusterSize = opts.getSize("cluster_size", QedHeader.DEFAULT_CLUSTER_SIZE) & 0xffffffffL;
        long tableSize = opts.getSize("table_size", QedHeader.DEFAULT_TABLE_SIZE) & 0xffffffffL;
        String backing = opts.get("backing_file");
        String backingFmt = opts.get("backing_fmt");
        BlockDriver proto = createEmptyProtocolFile(filename, opts, registry);
        if (!QedHeader.isClusterSizeValid(clusterSize)) {
            throw new BlockException(Errno.EINVAL, "QED cluster size must be within range ["
                    + QedHeader.MIN_CLUSTER_SIZE + ", " + QedHeader.MAX_CLUSTER_SIZE + "] and power of 2");
        }
        if (!QedHeader.isTableSizeValid(tableSize)) {
            throw new BlockException(Errno.EINVAL, "QED table size must be within range ["
                    + QedHeader.MIN_TABLE_SIZE + ", " + QedHeader.MAX_TABLE_SIZE + "] and power of 2");
        }
        if (!QedHeader.isImageSizeValid(size, clusterSize, tableSize)) {
            throw new BlockException(Errno.EINVAL, "QED image size must be a non-zero multiple of "
                    + "cluster size and less than "
                    + Long.toUnsignedString(QedHeader.maxImageSize(clusterSize, tableSize)) + " bytes");
        }
        QedHeader h = new QedHeader();
        h.magic = QedHeader.MAGIC;
        h.clusterSize = clusterSize;
        h.tableSize = tableSize;
        h.headerSize = 1;
        h.l1TableOffset = clusterSize;
        h.imageSize = size;
        byte[] name = new byte[0];
        if (backing != null) {
            name = backing.getBytes(StandardCharsets.UTF_8);
            h.features |= QedHeader.F_BACKING_FILE;
            h.backingFilenameOffset = QedHeader.SIZE;
            h.backingFilenameSize = name.length;
            if ("raw".equals(backingFmt)) {
                h.features |= QedHeader.F_BACKING_FORMAT_NO_PROBE;
            }
        }
        try (BlockNode file = ImageCreator.openCreatedFile(proto, filename, opts, registry)) {
            file.truncate(0, false, io.jiotests.engine.block.Preallocation.OFF);
            file.pwrite(0, ByteBuffer.wrap(h.encode()), 0);
            if (name.length > 0) {
                file.pwrite(QedHeader.SIZE, ByteBuffer.wrap(name), 0);
            }
            long l1Bytes = clusterSize * tableSize;
            ImageCreator.fill(file, h.l1TableOffset, l1Bytes, (byte) 0);
            file.flush();
        }
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        BlockNode file = protocolChild(ctx);
        QedState s = QedOpen.open(file, ctx.flags());
        return new QedNode(this, ctx.filename(), ctx.flags(), s);
    }
}
