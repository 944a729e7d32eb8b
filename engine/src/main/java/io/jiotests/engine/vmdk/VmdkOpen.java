package io.jiotests.engine.vmdk;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opening a VMDK image as QEMU 7.2 does: a hosted sparse extent ("KDMV") opened directly (its
 * embedded descriptor gives CIDs and the parent), or a descriptor file whose extent lines name flat
 * and sparse extent files. Every header field is bounded before use, with QEMU's error texts.
 */
final class VmdkOpen {
    private static final Set<String> DESC_FILE_TYPES = Set.of("monolithicFlat", "vmfs", "vmfsSparse",
            "seSparse", "twoGbMaxExtentSparse", "twoGbMaxExtentFlat");
    private static final long MAX_GD_ENTRIES = 32L * 1024 * 1024;
    private static final long MAX_GRAIN_SECTORS = 0x200000;
    private static final int MARKER_END_OF_STREAM = 0;
    private static final int MARKER_FOOTER = 3;

    /** What an open collects before the node exists. */
    static final class Result {
        final List<VmdkExtent> extents = new ArrayList<>();
        String createType;
        long descOffset;
    }

    private final OpenContext ctx;
    private final String cwd;
    private final Result result = new Result();

    private VmdkOpen(OpenContext ctx) {
        this.ctx = ctx;
        this.cwd = ctx.options() == null ? null : ctx.options().get(BlockOpener.CWD_OPTION);
    }

    /** Opens the extents of the image below {@code ctx.file()}; closes what it opened on failure. */
    static Result open(OpenContext ctx) throws BlockException {
        VmdkOpen o = new VmdkOpen(ctx);
        try {
            o.openTop();
            return o.result;
        } catch (BlockException | RuntimeException e) {
            for (VmdkExtent x : o.result.extents) {
                if (x.file != ctx.file()) {
                    try {
                        x.file.close();
                    } catch (BlockException ignored) {
                        // the open failure is what counts
                    }
                }
            }
            throw e;
        }
    }

    /** The first up to 1 MiB of a file (QEMU's vmdk_read_desc), zero padded to at least a header. */
    static byte[] readStart(BlockNode file, long at) throws BlockException {
        long len = file.length();
        if (len == 0) {
            throw new BlockException(Errno.EINVAL, "File is too small, not a valid image");
        }
        int n = (int) Math.max(0, Math.min(len - at, VmdkDescriptor.MAX_DESC_FILE));
        byte[] b = new byte[Math.max(n, VmdkSparseHeader.SIZE)];
        if (n > 0) {
            file.pread(at, ByteBuffer.wrap(b, 0, n));
        }
        return b;
    }

    private void openTop() throws BlockException {
        BlockNode file = ctx.file();
        byte[] buf = readStart(file, 0);
        if (VmdkSparseHeader.hasMagic(buf, buf.length)) {
            openSparse(file, ctx.filename(), "", buf, true);
            result.descOffset = 0x200;
        } else if (buf[0] == 'C' && buf[1] == 'O' && buf[2] == 'W' && buf[3] == 'D') {
            throw notOpened(ctx.filename(), Errno.EINVAL); // VMDK3 (COWD) extents are not supported
        } else {
            openDescriptorFile(VmdkDescriptor.cString(buf, buf.length));
            result.descOffset = 0;
        }
    }

    static BlockException notOpened(String filename, Errno errno) {
        return BlockException.withErrno(errno, "Could not open '" + filename + "'");
    }

    private void openDescriptorFile(String text) throws BlockException {
        String ct = VmdkDescriptor.quoted(text, "createType");
        if (ct == null) {
            throw new BlockException(Errno.EINVAL, "invalid VMDK image descriptor");
        }
        if (!DESC_FILE_TYPES.contains(ct)) {
            throw new BlockException(Errno.ENOTSUP, "Unsupported image type '" + ct + "'");
        }
        result.createType = ct;
        for (VmdkDescriptor.ExtentLine line : VmdkDescriptor.extents(text)) {
            String path = line.filename().startsWith("/") ? line.filename()
                    : dirname(ctx.file().filename()) + line.filename();
            if (line.type().equals("SESPARSE")) {
                throw new BlockException(Errno.ENOTSUP, "seSparse extents are not supported");
            }
            BlockNode extFile = openExtentFile(path);
            try {
                if (line.type().equals("FLAT") || line.type().equals("VMFS")) {
                    add(VmdkExtent.flat(extFile, path, line.type(), line.sectors(), line.flatOffset() << 9));
                } else {
                    byte[] head = readStart(extFile, 0);
                    if (!VmdkSparseHeader.hasMagic(head, head.length)) {
                        throw new BlockException(Errno.EINVAL, "Image not in VMDK format");
                    }
                    openSparse(extFile, path, line.type(), head, false);
                }
            } catch (BlockException | RuntimeException e) {
                if (result.extents.isEmpty() || result.extents.getLast().file != extFile) {
                    extFile.close();
                }
                throw e;
            }
        }
        if (result.extents.isEmpty()) {
            throw notOpened(ctx.filename(), Errno.EINVAL);
        }
    }

    /** bdrv_dirname: the directory part of a filename, with its slash ("" for none). */
    static String dirname(String filename) {
        int slash = filename.lastIndexOf('/');
        return slash < 0 ? "" : filename.substring(0, slash + 1);
    }

    private BlockNode openExtentFile(String path) throws BlockException {
        BlockDriver proto = ctx.registry().protocolFor(path);
        if (proto == null) {
            throw new BlockException(Errno.ENOTSUP, "Unknown protocol for '" + path + "'");
        }
        Map<String, String> opts = BlockOpener.workingDirectoryOptions(cwd);
        return proto.open(new OpenContext(path, opts, ctx.flags(), null, ctx.registry()));
    }

    private void add(VmdkExtent e) throws BlockException {
        long prev = result.extents.isEmpty() ? 0 : result.extents.getLast().endSector;
        if (Long.compareUnsigned(e.sectors, MAX_LENGTH_SECTORS) > 0 || prev + e.sectors > MAX_LENGTH_SECTORS) {
            throw new BlockException(Errno.EFBIG, "Could not refresh total sector count: File too large");
        }
        e.endSector = prev + e.sectors;
        result.extents.add(e);
    }

    static final long MAX_LENGTH_SECTORS = VmdkExtent.MAX_LENGTH / 512;

    /** vmdk_open_vmdk4: a hosted sparse extent from its first bytes. */
    private void openSparse(BlockNode file, String name, String type, byte[] buf, boolean top)
            throws BlockException {
        VmdkSparseHeader h = VmdkSparseHeader.parse(buf, 0);
        long len = file.length();
        if (h.capacity() == 0 && h.descOffset() != 0) {
            if (!top) {
                throw notOpened(name, Errno.EINVAL); // a descriptor inside an extent: no nesting
            }
            long at = h.descOffset() << 9;
            if (h.descOffset() >>> 54 != 0 || at > len) {
                throw notOpened(name, Errno.EINVAL);
            }
            byte[] desc = readStart(file, at);
            openDescriptorFile(VmdkDescriptor.cString(desc, desc.length));
            return;
        }
        if (h.gdOffset() == VmdkSparseHeader.GD_AT_END) {
            h = footerHeader(file, len);
        }
        if (Integer.compareUnsigned(h.version(), 3) > 0) {
            throw new BlockException(Errno.ENOTSUP, "Unsupported VMDK version "
                    + Integer.toUnsignedString(h.version()));
        }
        if (h.version() == 3 && ctx.flags().writable() && !h.compressed()) {
            throw new BlockException(Errno.EINVAL, "VMDK version 3 must be read only");
        }
        if (Integer.compareUnsigned(h.numGtesPerGt(), 512) > 0) {
            throw new BlockException(Errno.EINVAL, "L2 table size too big");
        }
        // a 32-bit product in QEMU: one that wraps to 0 is "invalid"
        long entrySectors = (Integer.toUnsignedLong(h.numGtesPerGt()) * h.granularity()) & 0xffffffffL;
        if (entrySectors == 0) {
            throw new BlockException(Errno.EINVAL, "L1 entry size is invalid");
        }
        long gdEntries = Long.divideUnsigned(h.capacity() + entrySectors - 1, entrySectors);
        long fileSectors = (len + 511) / 512;
        if (Long.compareUnsigned(fileSectors, h.grainOffset()) < 0) {
            throw new BlockException(Errno.EINVAL, "File truncated, expecting at least "
                    + (h.grainOffset() * 512) + " bytes");
        }
        if (Long.compareUnsigned(h.granularity(), MAX_GRAIN_SECTORS) > 0) {
            throw new BlockException(Errno.EFBIG, "Invalid granularity, image may be corrupt");
        }
        // QEMU keeps the GD entry count in a C int: a count past 2^31 wraps before the bound
        int gdCount = (int) gdEntries;
        if (gdCount > MAX_GD_ENTRIES) {
            throw new BlockException(Errno.EFBIG, "L1 size too big");
        }
        if (gdCount < 0) {
            throw notOpened(name, Errno.ENOMEM); // the table's byte size is negative: no allocation
        }
        if (h.gdOffset() >>> 54 != 0) {
            throw BlockException.withErrno(Errno.EIO, "Could not read l1 table from extent '" + name + "'");
        }
        if (h.hasRedundantGd() && h.rgdOffset() >>> 54 != 0) {
            throw BlockException.withErrno(Errno.EIO, "Could not read l1 backup table from extent '"
                    + name + "'");
        }
        add(VmdkExtent.sparse(file, name, type, h, entrySectors, gdCount));
        if (result.createType == null) {
            result.createType = h.compressed() ? "streamOptimized" : "monolithicSparse";
        }
    }

    /** The header copy of a streamOptimized image's footer (marker, header, end-of-stream marker). */
    private static VmdkSparseHeader footerHeader(BlockNode file, long len) throws BlockException {
        if (len < 1536) {
            throw new BlockException(Errno.EINVAL, "Invalid footer");
        }
        ByteBuffer f = ByteBuffer.allocate(1536).order(ByteOrder.LITTLE_ENDIAN);
        file.pread(len - 1536, f);
        byte[] b = f.array();
        boolean ok = VmdkSparseHeader.hasMagic(new byte[] {b[512], b[513], b[514], b[515]}, 4)
                && f.getInt(8) == 0 && f.getInt(12) == MARKER_FOOTER
                && f.getLong(1024) == 0 && f.getInt(1032) == 0 && f.getInt(1036) == MARKER_END_OF_STREAM;
        if (!ok) {
            throw new BlockException(Errno.EINVAL, "Invalid footer");
        }
        return VmdkSparseHeader.parse(b, 512);
    }
}
