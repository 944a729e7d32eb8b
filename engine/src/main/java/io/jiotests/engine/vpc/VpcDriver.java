package io.jiotests.engine.vpc;

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
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The vpc format (Virtual PC / Hyper-V VHD): fixed images (raw data and a footer) and dynamic
 * ones (footer copy, dynamic header, BAT, blocks of 2 MiB each preceded by a sector bitmap).
 * Creation options as qemu 7.2: size, subformat (dynamic, fixed), force_size.
 */
public final class VpcDriver extends FormatDriverBase {
    static final int DEFAULT_BLOCK_SIZE = 2 << 20;
    private static final OptionSchema CREATE_OPTIONS = OptionSchema.of(
            OptionSpec.size("size", "Virtual disk size"),
            OptionSpec.string("subformat", "Type of virtual hard disk format. Supported formats are "
                    + "{dynamic (default) | fixed} "),
            OptionSpec.flag("force_size", "Force disk size calculation to use the actual size specified, "
                    + "rather than using the nearest CHS-based calculation", null));

    /** Created on the first create: SecureRandom initialises the security providers (slow). */
    private static final class RandomHolder {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    public VpcDriver() {
        super("vpc", CREATE_OPTIONS);
    }

    @Override
    public int probe(byte[] header, int length, String filename) {
        return probeMagic(header, length, VhdFooter.COOKIE);
    }

    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry) throws BlockException {
        long size = opts.getSize("size", 0);
        size = (size + 511) & ~511L;
        String sub = opts.get("subformat", "dynamic");
        boolean fixed = switch (sub) {
            case "dynamic" -> false;
            case "fixed" -> true;
            default -> throw new BlockException(Errno.EINVAL,
                    "Parameter 'subformat' does not accept value '" + sub + "'");
        };
        boolean force = opts.getFlag("force_size", false);
        BlockDriver proto = createEmptyProtocolFile(filename, opts, registry);
        try (BlockNode file = ImageCreator.openCreatedFile(proto, filename, opts, registry)) {
            VhdGeometry g;
            if (force) {
                g = VhdGeometry.MAX;
            } else {
                g = VhdGeometry.roundUp(Math.min(VhdGeometry.MAX_GEOMETRY_SECTORS, size / 512));
                if (g == null) {
                    throw new BlockException(Errno.EINVAL,
                            "The requested image size cannot be represented in CHS geometry");
                }
            }
            long totalSectors;
            if (g.sectors() == VhdGeometry.MAX_GEOMETRY_SECTORS) {
                totalSectors = size / 512;
                if (totalSectors > VhdGeometry.MAX_SECTORS) {
                    throw new BlockException(Errno.EFBIG, "Disk size is too large, max size is 2040 GiB");
                }
            } else {
                totalSectors = g.sectors();
            }
            long totalBytes = totalSectors * 512;
            VhdFooter footer = VhdFooter.forCreate(fixed, force, totalBytes, g.cylinders(), g.heads(),
                    g.sectorsPerTrack(), System.currentTimeMillis() / 1000, RandomHolder.INSTANCE);
            if (fixed) {
                file.truncate(totalBytes + VhdFooter.SIZE, false, Preallocation.OFF);
                file.pwrite(totalBytes, ByteBuffer.wrap(footer.toBytes()), 0);
            } else {
                writeDynamic(file, footer, totalSectors);
            }
            file.flush();
        }
    }

    /** Footer copy, dynamic header, a BAT of all ones (whole sectors) and the footer after it. */
    private static void writeDynamic(BlockNode file, VhdFooter footer, long totalSectors) throws BlockException {
        long perBlock = DEFAULT_BLOCK_SIZE / 512;
        int entries = (int) ((totalSectors + perBlock - 1) / perBlock);
        long tableOffset = 3 * 512;
        long batBytes = ((long) entries * 4 + 511) & ~511L;
        file.pwrite(0, ByteBuffer.wrap(footer.toBytes()), 0);
        VhdDynamicHeader dyn = VhdDynamicHeader.forCreate(tableOffset, entries, DEFAULT_BLOCK_SIZE);
        file.pwrite(512, ByteBuffer.wrap(dyn.toBytes()), 0);
        ImageCreator.fill(file, tableOffset, batBytes, (byte) 0xff);
        file.pwrite(tableOffset + batBytes, ByteBuffer.wrap(footer.toBytes()), 0);
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        protocolChild(ctx);
        return VpcOpen.open(this, ctx);
    }
}
