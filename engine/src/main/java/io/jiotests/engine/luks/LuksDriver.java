package io.jiotests.engine.luks;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatDriverBase;
import io.jiotests.engine.block.FormatOptions;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.crypto.LuksHeader;
import io.jiotests.engine.crypto.LuksOptions;
import io.jiotests.engine.crypto.LuksStores;
import io.jiotests.engine.crypto.LuksVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The luks format (QEMU's block/crypto.c "luks"): a LUKS v1 volume whose payload, after the header
 * and key material, is the guest disk encrypted in 512-byte sectors numbered from the payload's
 * start. Opening needs {@code key-secret} naming a secret object, except for metadata-only opens
 * (qemu-img info), which read the header without unlocking it.
 */
public final class LuksDriver extends FormatDriverBase {
    private static final OptionSchema CREATE_OPTIONS = schema();

    private static OptionSchema schema() {
        List<OptionSpec> specs = new ArrayList<>();
        specs.add(OptionSpec.size("size", "Virtual disk size"));
        specs.addAll(LuksOptions.specs(""));
        return OptionSchema.of(specs.toArray(OptionSpec[]::new));
    }

    public LuksDriver() {
        super("luks", CREATE_OPTIONS);
    }

    @Override
    public int probe(byte[] header, int length, String filename) {
        return LuksHeader.hasMagic(header, length) ? 100 : 0;
    }

    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry) throws BlockException {
        long size = opts.getSize("size", 0);
        LuksOptions luks = LuksOptions.parse(opts, "", registry);
        BlockDriver proto = createEmptyProtocolFile(filename, opts, registry);
        try (BlockNode file = ImageCreator.openCreatedFile(proto, filename, opts, registry)) {
            LuksVolume v = LuksVolume.format(LuksStores.at(file, 0), luks.params(), luks.password(),
                    luks.iterTimeMs(), LuksVolume.secureRandom());
            long payload = v.header().payloadOffsetBytes();
            file.truncate(payload + size, true, Preallocation.OFF);
            file.flush();
        }
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        BlockNode file = protocolChild(ctx);
        FormatOptions.rejectUnknown("luks", ctx.options(), Set.of("key-secret"));
        LuksHeader header = LuksVolume.readHeader(LuksStores.at(file, 0), file.length());
        if (ctx.flags().noIo()) {
            return new LuksNode(this, ctx, header, null, null);
        }
        byte[] password = LuksOptions.secret(ctx.options().get("key-secret"), ctx.registry());
        LuksVolume volume = LuksVolume.open(LuksStores.at(file, 0), header, password);
        if (file.length() < header.payloadOffsetBytes()) {
            // QEMU's bdrv_refresh_total_sectors fails with the negative length
            throw new BlockException(Errno.EIO, "Could not refresh total sector count: Input/output error");
        }
        return new LuksNode(this, ctx, header, volume, password);
    }
}
