package io.jiotests.engine.vmdk;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatDriverBase;
import io.jiotests.engine.block.FormatOptions;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionType;
import io.jiotests.engine.block.OptionValues;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The VMDK format (VMware Virtual Disk Format 1.1) as QEMU 7.2 handles it: hosted sparse extents,
 * streamOptimized (compressed grains with markers), flat and split images behind a descriptor
 * file, backing files through parentFileNameHint and CIDs.
 */
public final class VmdkDriver extends FormatDriverBase {
    private static final OptionSchema CREATE_OPTIONS = OptionSchema.of(
            OptionSpec.size("size", "Virtual disk size"),
            OptionSpec.string("adapter_type",
                    "Virtual adapter type, can be one of ide (default), lsilogic, buslogic or legacyESX"),
            OptionSpec.string("backing_file", "File name of a base image"),
            OptionSpec.string("backing_fmt", "Must be 'vmdk' if present"),
            OptionSpec.flag("compat6", "VMDK version 6 image", "off"),
            new OptionSpec("hwversion", OptionType.STRING, "VMDK hardware version", "undefined"),
            OptionSpec.string("toolsversion", "VMware guest tools version"),
            OptionSpec.string("subformat", "VMDK flat extent format, can be one of {monolithicSparse (default) "
                    + "| monolithicFlat | twoGbMaxExtentSparse | twoGbMaxExtentFlat | streamOptimized} "),
            OptionSpec.flag("zeroed_grain", "Enable efficient zero writes using the zeroed-grain GTE feature",
                    null));

    public VmdkDriver() {
        super("vmdk", CREATE_OPTIONS);
    }

    /**
     * A sparse extent's magic ("KDMV" or VMDK3's "COWD") is certain; a text whose first line that
     * is neither empty nor a comment is "version=1|2|3" is a descriptor file.
     */
    @Override
    public int probe(byte[] header, int length, String filename) {
        if (length < 4) {
            return 0;
        }
        String magic = new String(header, 0, 4, StandardCharsets.ISO_8859_1);
        if (magic.equals("KDMV") || magic.equals("COWD")) {
            return 100;
        }
        int p = 0;
        while (p < length) {
            if (header[p] == '#') {
                while (p < length && header[p] != '\n') {
                    p++;
                }
                p++;
                continue;
            }
            if (header[p] == ' ') {
                while (p < length && header[p] == ' ') {
                    p++;
                }
                if (p < length && header[p] == '\n') {
                    p++;
                    continue;
                }
                return 0;
            }
            if (header[p] == '\n') {
                p++;
                continue;
            }
            String rest = new String(header, p, Math.min(length - p, 11), StandardCharsets.ISO_8859_1);
            for (String v : new String[] {"version=1", "version=2", "version=3"}) {
                if (rest.startsWith(v + "\n") || rest.startsWith(v + "\r\n")) {
                    return 100;
                }
            }
            return 0;
        }
        return 0;
    }

    @Override
    public boolean supportsBacking() {
        return true;
    }

    @Override
    public boolean opensFilesByName() {
        return true;
    }

    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry) throws BlockException {
        VmdkCreate.create(filename, opts, registry, CREATE_OPTIONS);
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        protocolChild(ctx);
        FormatOptions.rejectUnknown("vmdk", ctx.options(), Set.of());
        VmdkOpen.Result r = VmdkOpen.open(ctx);
        try {
            byte[] area = VmdkDescriptor.readArea(ctx.file(), r.descOffset);
            String desc = VmdkDescriptor.cString(area, area.length);
            String hint = parentHint(desc, ctx.filename());
            long cid;
            long parentCid;
            try {
                cid = VmdkDescriptor.cid(desc, false);
                parentCid = VmdkDescriptor.cid(desc, true);
            } catch (BlockException e) {
                throw VmdkOpen.notOpened(ctx.filename(), Errno.EINVAL);
            }
            return new VmdkNode(this, ctx, r, cid, parentCid, hint);
        } catch (BlockException | RuntimeException e) {
            for (VmdkExtent x : r.extents) {
                if (x.file != ctx.file()) {
                    x.file.close();
                }
            }
            throw e;
        }
    }

    /** vmdk_parent_open: the quoted parentFileNameHint, EINVAL if unterminated or too long. */
    private static String parentHint(String desc, String filename) throws BlockException {
        int at = desc.indexOf("parentFileNameHint");
        if (at < 0) {
            return null;
        }
        int start = at + "parentFileNameHint".length() + 2;
        int end = start > desc.length() ? -1 : desc.indexOf('"', start);
        if (end < 0 || end - start > 4095) {
            throw VmdkOpen.notOpened(filename, Errno.EINVAL);
        }
        return desc.substring(start, end);
    }
}
