package io.jiotests.engine.vmdk;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * Creating VMDK images with QEMU 7.2's layout: a monolithicSparse or streamOptimized image is one
 * sparse extent with the descriptor embedded at sector 1; the flat and split subformats are a
 * descriptor file plus extent files named after it ("-flat", "-sNNN", "-fNNN"), split at 2 GiB.
 * A sparse extent has 64 KiB grains, 512-entry grain tables, the redundant GD and its tables first,
 * then the GD and its tables, and the data area from the next grain boundary.
 */
final class VmdkCreate {
    static final List<String> ADAPTERS = List.of("ide", "buslogic", "lsilogic", "legacyESX");
    static final List<String> SUBFORMATS = List.of("monolithicSparse", "monolithicFlat",
            "twoGbMaxExtentSparse", "twoGbMaxExtentFlat", "streamOptimized");
    private static final long SPLIT_SIZE = 2L << 30;
    private static final long GRANULARITY = 128;
    private static final int GTES_PER_GT = 512;
    /** Beyond this a grain directory no longer fits QEMU's own open limit. */
    private static final long MAX_GD_ENTRIES = 32L * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private VmdkCreate() {
    }

    static void create(String filename, OptionValues opts, DriverRegistry registry, OptionSchema own)
            throws BlockException {
        long size = opts.getSize("size", 0);
        String adapter = opts.get("adapter_type");
        if (adapter != null && !ADAPTERS.contains(adapter)) {
            throw new BlockException(Errno.EINVAL, "invalid parameter value: " + adapter);
        }
        adapter = adapter == null ? "ide" : adapter;
        String subformat = opts.get("subformat");
        if (subformat != null && !SUBFORMATS.contains(subformat)) {
            throw new BlockException(Errno.EINVAL, "invalid parameter value: " + subformat);
        }
        subformat = subformat == null ? "monolithicSparse" : subformat;
        boolean compat6 = opts.getFlag("compat6", false);
        String hw = opts.get("hwversion");
        if (hw != null && hw.equals("undefined")) {
            hw = null;
        }
        if (compat6 && hw != null) {
            throw new BlockException(Errno.EINVAL, "compat6 cannot be enabled with hwversion set");
        }
        String hwVersion = hw != null ? hw : compat6 ? "6" : "4";
        String tools = opts.get("toolsversion");
        tools = tools == null ? "2147483647" : tools;
        boolean zeroedGrain = opts.getFlag("zeroed_grain", false);
        boolean flat = subformat.endsWith("Flat");
        boolean split = subformat.startsWith("twoGb");
        boolean compress = subformat.equals("streamOptimized");
        if (Long.divideUnsigned(size / 512 + GRANULARITY * GTES_PER_GT - 1, GRANULARITY * GTES_PER_GT)
                > MAX_GD_ENTRIES) {
            throw new BlockException(Errno.EFBIG, "Image size too large for VMDK");
        }
        String parentLine = "";
        long parentCid = 0xffffffffL;
        String backing = opts.get("backing_file");
        if (backing != null && !backing.isEmpty()) {
            String fmt = opts.get("backing_fmt");
            if (fmt != null && !fmt.equals("vmdk")) {
                throw new BlockException(Errno.EINVAL, "Invalid backing file format: " + fmt + ". Must be vmdk.");
            }
            parentCid = backingCid(filename, backing, opts, registry);
            parentLine = "parentFileNameHint=\"" + backing + "\"";
        }
        String base = filename.substring(filename.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        String prefix = dot < 0 ? base : base.substring(0, dot);
        String postfix = dot < 0 ? "" : base.substring(dot);
        String dir = VmdkOpen.dirname(filename);
        StringBuilder extentLines = new StringBuilder();
        BlockDriver proto = ImageCreator.createEmptyProtocolFile(registry, filename, opts, own);
        try (BlockNode top = ImageCreator.openCreatedFile(proto, filename, opts, registry)) {
            if (!flat && !split) {
                initExtent(top, size, false, compress, zeroedGrain);
                extentLines.append("RW ").append(size / 512).append(" SPARSE \"").append(base).append("\"\n");
            } else {
                long done = 0;
                int index = 1;
                do {
                    long extentSize = split ? Math.min(size - done, SPLIT_SIZE) : size;
                    String name = split ? String.format("%s-%c%03d%s", prefix, flat ? 'f' : 's', index, postfix)
                            : prefix + "-flat" + postfix;
                    String path = dir + name;
                    BlockDriver p = ImageCreator.createEmptyProtocolFile(registry, path, opts, own);
                    try (BlockNode ext = ImageCreator.openCreatedFile(p, path, opts, registry)) {
                        initExtent(ext, extentSize, flat, false, zeroedGrain);
                    }
                    extentLines.append("RW ").append(extentSize / 512).append(flat ? " FLAT \"" : " SPARSE \"")
                            .append(name).append(flat ? "\" 0\n" : "\"\n");
                    done += extentSize;
                    index++;
                } while (done < size);
            }
            int heads = adapter.equals("ide") ? 16 : 255;
            String desc = "# Disk DescriptorFile\n"
                    + "version=1\n"
                    + "CID=" + Integer.toHexString(RANDOM.nextInt()) + "\n"
                    + "parentCID=" + Long.toHexString(parentCid) + "\n"
                    + "createType=\"" + subformat + "\"\n"
                    + parentLine + "\n"
                    + "# Extent description\n"
                    + extentLines + "\n"
                    + "# The Disk Data Base\n"
                    + "#DDB\n\n"
                    + "ddb.virtualHWVersion = \"" + hwVersion + "\"\n"
                    + "ddb.geometry.cylinders = \"" + (size / (63L * heads * 512)) + "\"\n"
                    + "ddb.geometry.heads = \"" + heads + "\"\n"
                    + "ddb.geometry.sectors = \"63\"\n"
                    + "ddb.adapterType = \"" + adapter + "\"\n"
                    + "ddb.toolsVersion = \"" + tools + "\"\n";
            byte[] text = desc.getBytes(StandardCharsets.UTF_8);
            boolean embedded = !flat && !split;
            if (embedded && text.length > VmdkDescriptor.DESC_SIZE) {
                throw new BlockException(Errno.EINVAL, "Descriptor too long");
            }
            top.pwrite(embedded ? 0x200 : 0, ByteBuffer.wrap(text), 0);
            if (!embedded) {
                top.truncate(text.length, false, Preallocation.OFF);
            }
            top.flush();
        }
    }

    /** The CID of the backing image, which must open as vmdk (resolved next to the new image). */
    private static long backingCid(String filename, String backing, OptionValues opts, DriverRegistry registry)
            throws BlockException {
        String full = BlockOpener.combine(filename, backing);
        String cwd = opts.get(BlockOpener.CWD_OPTION);
        BlockOpener opener = new BlockOpener(registry, cwd == null ? Path.of("") : Path.of(cwd), null);
        try (BlockNode b = opener.open(full, null, java.util.Map.of(), OpenFlags.readOnly().withNoBacking(true))) {
            if (!(b instanceof VmdkNode v)) {
                throw new BlockException(Errno.EINVAL, "Invalid backing file format: " + b.driver().name()
                        + ". Must be vmdk.");
            }
            return v.readCid(false);
        }
    }

    /** vmdk_init_extent: a flat extent file of the given size, or a sparse extent's metadata. */
    static void initExtent(BlockNode f, long size, boolean flat, boolean compress, boolean zeroedGrain)
            throws BlockException {
        if (flat) {
            f.truncate(size, false, Preallocation.OFF);
            return;
        }
        long capacity = size / 512;
        long grains = (capacity + GRANULARITY - 1) / GRANULARITY;
        long gtSize = (GTES_PER_GT * 4L + 511) / 512;
        long gtCount = (grains + GTES_PER_GT - 1) / GTES_PER_GT;
        long gdSectors = (gtCount * 4 + 511) / 512;
        long rgdOffset = 1 + 20;
        long gdOffset = rgdOffset + gdSectors + gtSize * gtCount;
        long grainOffset = (gdOffset + gdSectors + gtSize * gtCount + GRANULARITY - 1) / GRANULARITY * GRANULARITY;
        int version = compress ? 3 : zeroedGrain ? 2 : 1;
        int flags = VmdkSparseHeader.FLAG_RGD | VmdkSparseHeader.FLAG_NL_DETECT
                | (compress ? VmdkSparseHeader.FLAG_COMPRESS | VmdkSparseHeader.FLAG_MARKER : 0)
                | (zeroedGrain ? VmdkSparseHeader.FLAG_ZERO_GRAIN : 0);
        VmdkSparseHeader h = new VmdkSparseHeader(version, flags, capacity, GRANULARITY, 1, 20, GTES_PER_GT,
                rgdOffset, gdOffset, grainOffset, VmdkSparseHeader.CHECK_BYTES,
                compress ? VmdkSparseHeader.COMPRESSION_DEFLATE : 0);
        f.pwrite(0, ByteBuffer.wrap(h.encode()), 0);
        f.truncate(grainOffset << 9, false, Preallocation.OFF);
        f.pwrite(rgdOffset * 512, directory(gdSectors, gtCount, rgdOffset + gdSectors, gtSize), 0);
        f.pwrite(gdOffset * 512, directory(gdSectors, gtCount, gdOffset + gdSectors, gtSize), 0);
    }

    private static ByteBuffer directory(long gdSectors, long gtCount, long firstGt, long gtSize) {
        ByteBuffer b = ByteBuffer.allocate((int) (gdSectors * 512)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < gtCount; i++) {
            b.putInt((int) (i * 4), (int) (firstGt + i * gtSize));
        }
        return b;
    }
}
