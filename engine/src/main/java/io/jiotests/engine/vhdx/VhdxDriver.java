package io.jiotests.engine.vhdx;

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

/**
 * The vhdx format (Hyper-V VHDX, MS-VHDX). Creation options as qemu 7.2: size (at most 64 TiB),
 * log_size (rounded up to 1 MiB, below 4 GiB), block_size (0: by disk size; else rounded up to
 * 1 MiB, clamped to 1-256 MiB, a power of two), subformat (dynamic, fixed), block_state_zero.
 */
public final class VhdxDriver extends FormatDriverBase {
    private static final OptionSchema CREATE_OPTIONS = OptionSchema.of(
            OptionSpec.size("size", "Virtual disk size; max of 64TB."),
            new OptionSpec("log_size", OptionType.SIZE, "Log size; min 1MB.", "1048576"),
            new OptionSpec("block_size", OptionType.SIZE,
                    "Block Size; min 1MB, max 256MB. 0 means auto-calculate based on image size.", "0"),
            OptionSpec.string("subformat", "VHDX format type, can be either 'dynamic' or 'fixed'. "
                    + "Default is 'dynamic'."),
            OptionSpec.flag("block_state_zero", "Force use of payload blocks of type 'ZERO'. Non-standard, but "
                    + "default.  Do not set to 'off' when using 'qemu-img convert' with subformat=dynamic.", null));

    public VhdxDriver() {
        super("vhdx", CREATE_OPTIONS);
    }

    @Override
    public int probe(byte[] header, int length, String filename) {
        return probeMagic(header, length, VhdxOpen.FILE_SIGNATURE);
    }

    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry) throws BlockException {
        long size = opts.getSize("size", 0);
        if (size < 0 || size > VhdxOpen.MAX_DISK_SIZE) {
            throw new BlockException(Errno.EINVAL, "Image size too large; max of 64TB");
        }
        long logSize = opts.getSize("log_size", VhdxOpen.MIB);
        if (logSize < 0 || logSize > 0xffffffffL - VhdxOpen.MIB + 1) {
            throw new BlockException(Errno.EINVAL, "Log size must be smaller than 4 GB");
        }
        logSize = (logSize + VhdxOpen.MIB - 1) & -VhdxOpen.MIB;
        if (logSize == 0) {
            throw new BlockException(Errno.EINVAL, "Log size must be a multiple of 1 MB");
        }
        long blockSize = opts.getSize("block_size", 0);
        if (blockSize == 0) {
            blockSize = autoBlockSize(size);
        } else {
            blockSize = Math.max(VhdxOpen.MIB, Math.min(256 * VhdxOpen.MIB,
                    blockSize > Long.MAX_VALUE - VhdxOpen.MIB ? Long.MAX_VALUE : (blockSize + VhdxOpen.MIB - 1) & -VhdxOpen.MIB));
        }
        if (Long.bitCount(blockSize) != 1) {
            throw new BlockException(Errno.EINVAL, "Block size must be a power of two");
        }
        String sub = opts.get("subformat", "dynamic");
        boolean fixed = switch (sub) {
            case "dynamic" -> false;
            case "fixed" -> true;
            default -> throw new BlockException(Errno.EINVAL,
                    "Parameter 'subformat' does not accept value '" + sub + "'");
        };
        boolean zeroState = opts.getFlag("block_state_zero", true);
        BlockDriver proto = createEmptyProtocolFile(filename, opts, registry);
        try (BlockNode file = ImageCreator.openCreatedFile(proto, filename, opts, registry)) {
            VhdxCreate.write(file, (size + 511) & ~511L, logSize, blockSize, fixed, zeroState);
            file.flush();
        }
    }

    /** qemu's block size by disk size: 8 MiB up to 1 GiB, 16 MiB up to 100 GiB, 32 MiB up to 32 TiB, else 64 MiB. */
    static long autoBlockSize(long size) {
        if (size > (32L << 40)) {
            return 64 * VhdxOpen.MIB;
        } else if (size > (100L << 30)) {
            return 32 * VhdxOpen.MIB;
        } else if (size > (1L << 30)) {
            return 16 * VhdxOpen.MIB;
        }
        return 8 * VhdxOpen.MIB;
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        protocolChild(ctx);
        return VhdxOpen.open(this, ctx);
    }
}
