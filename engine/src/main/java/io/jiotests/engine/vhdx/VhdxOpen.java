package io.jiotests.engine.vhdx;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenContext;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Opening a VHDX as qemu 7.2 does, with its checks in its order: the file type identifier, the
 * current header, the region table (regions may not overlap each other, the header area or the
 * log), the log (replayed on a read-write open, refused read-only), the metadata items, the BAT.
 * Most failures are a bare EINVAL, as qemu reports them. Every size and offset from the file is
 * bounded before use; the BAT is held only as far as it lies inside the file.
 */
final class VhdxOpen {
    static final long MIB = 1L << 20;
    static final long MAX_DISK_SIZE = 64L << 40;
    static final byte[] FILE_SIGNATURE = "vhdxfile".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A file area in use: [offset, end). */
    record Area(long offset, long end) {
    }

    private VhdxOpen() {
    }

    static VhdxNode open(VhdxDriver driver, OpenContext ctx) throws BlockException {
        BlockNode file = ctx.file();
        String name = ctx.filename();
        long fileLength = file.length();
        byte[] ident = read(file, 0, 8);
        for (int i = 0; i < 8; i++) {
            if (ident[i] != FILE_SIGNATURE[i]) {
                throw bare(name);
            }
        }
        VhdxHeader h1 = VhdxHeader.parse(read(file, VhdxHeader.HEADER1_OFFSET, VhdxHeader.SIZE));
        VhdxHeader h2 = VhdxHeader.parse(read(file, VhdxHeader.HEADER2_OFFSET, VhdxHeader.SIZE));
        int current;
        if (h1.valid() && h2.valid()) {
            current = Long.compareUnsigned(h2.sequence(), h1.sequence()) > 0 ? 1 : 0;
        } else if (h1.valid()) {
            current = 0;
        } else if (h2.valid()) {
            current = 1;
        } else {
            throw new BlockException(Errno.EINVAL, "No valid VHDX header found");
        }
        VhdxHeaders headers = new VhdxHeaders(h1, h2, current);
        VhdxHeader header = headers.current();
        long logOffset = header.logOffset();
        long logLength = header.logLength();
        if (logLength % MIB != 0 || logOffset % MIB != 0 || logOffset < 0 || logOffset > Long.MAX_VALUE - logLength) {
            throw bare(name);
        }
        List<String> reports = new ArrayList<>();
        List<Area> used = new ArrayList<>();
        used.add(new Area(logOffset, logOffset + logLength));
        VhdxRegionTable regions = VhdxRegionTable.parse(read(file, VhdxRegionTable.TABLE1_OFFSET, VhdxRegionTable.SIZE));
        if (regions == null) {
            throw bare(name);
        }
        VhdxRegionTable.Entry bat = null;
        VhdxRegionTable.Entry meta = null;
        for (VhdxRegionTable.Entry e : regions.entries) {
            if (e.offset() < 0 || e.offset() > Long.MAX_VALUE - e.length()) {
                throw bare(name);
            }
            for (Area a : used.reversed()) { // the latest registered region first, as qemu lists them
                if (e.offset() < a.end() && a.offset() < e.end()) {
                    reports.add("VHDX region " + e.offset() + "-" + e.end() + " overlaps with region "
                            + a.offset() + "-" + a.end());
                    throw bare(name).withReports(reports);
                }
            }
            used.add(new Area(e.offset(), e.end()));
            if (VhdxGuid.at(e.guid(), 0, VhdxGuid.BAT_REGION)) {
                if (bat != null) {
                    throw bare(name);
                }
                bat = e;
            } else if (VhdxGuid.at(e.guid(), 0, VhdxGuid.METADATA_REGION)) {
                if (meta != null) {
                    throw bare(name);
                }
                meta = e;
            } else if (e.required()) {
                throw bare(name);
            }
        }
        if (bat == null || meta == null) {
            throw bare(name);
        }
        boolean replayed = false;
        byte[] sessionGuid = null;
        if (!VhdxGuid.isZero(header.logGuid())) {
            List<VhdxLogEntry> entries = VhdxLog.findActive(file, header, fileLength);
            if (!entries.isEmpty()) {
                if (!ctx.flags().writable()) {
                    throw new BlockException(Errno.EPERM, "VHDX image file '" + name + "' opened read-only, but "
                            + "contains a log that needs to be replayed\nTo replay the log, run:\n"
                            + "qemu-img check -r all '" + name + "'");
                }
                // the replay is the session's first visible write: new file and data write GUIDs first
                sessionGuid = VhdxGuid.random();
                headers.updateBoth(file, sessionGuid, true, null);
                VhdxLog.replay(file, entries);
                headers.updateBoth(file, sessionGuid, false, VhdxGuid.ZERO);
                fileLength = file.length();
                replayed = true;
            }
        }
        VhdxMetadata m = metadata(file, meta, name);
        long entryCount = m.batEntries();
        if (entryCount * 8 > bat.length()) {
            throw bare(name);
        }
        long inFile = Math.max(0, Math.min(entryCount, (fileLength - bat.offset()) / 8));
        long[] table = new long[(int) inFile];
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(inFile * 8, 1 << 20)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long done = 0; done < inFile; ) {
            int n = (int) Math.min(buf.capacity() / 8, inFile - done);
            buf.clear().limit(n * 8);
            file.pread(bat.offset() + done * 8, buf);
            buf.flip();
            for (int i = 0; i < n; i++) {
                table[(int) (done + i)] = buf.getLong();
            }
            done += n;
        }
        VhdxBat map = new VhdxBat(bat.offset(), entryCount, m.chunkRatio(), table);
        VhdxNode node = new VhdxNode(driver, ctx, headers, m, map, new VhdxLog(logOffset, logLength), replayed,
                sessionGuid, List.copyOf(used));
        if (!ctx.flags().checkOnly()) {
            List<String> errors = node.batErrors(fileLength);
            if (!errors.isEmpty()) {
                throw bare(name).withReports(errors);
            }
        }
        return node;
    }

    private static VhdxMetadata metadata(BlockNode file, VhdxRegionTable.Entry meta, String name) throws BlockException {
        if (meta.length() < VhdxMetadata.TABLE_SIZE) {
            throw bare(name);
        }
        VhdxMetadata m = VhdxMetadata.parseTable(read(file, meta.offset(), VhdxMetadata.TABLE_SIZE));
        if (m == null || !m.complete() || m.unknownRequired) {
            throw bare(name);
        }
        ByteBuffer params = item(file, meta, m.fileParameters, 8, name);
        m.blockSize = Integer.toUnsignedLong(params.getInt(0));
        m.fileFlags = params.getInt(4);
        m.diskSize = item(file, meta, m.virtualDiskSize, 8, name).getLong(0);
        item(file, meta, m.page83, 16, name);
        m.logicalSector = Integer.toUnsignedLong(item(file, meta, m.logicalSectorSize, 4, name).getInt(0));
        m.physicalSector = Integer.toUnsignedLong(item(file, meta, m.physicalSectorSize, 4, name).getInt(0));
        if (m.blockSize < MIB || m.blockSize > 256 * MIB || Long.bitCount(m.blockSize) != 1) {
            throw bare(name);
        }
        if (m.logicalSector != 512) {
            // qemu 7.2 reads only 512-byte logical sectors
            throw BlockException.withErrno(Errno.ENOTSUP, "Could not open '" + name + "'");
        }
        if (m.diskSize < 0 || m.diskSize > MAX_DISK_SIZE) {
            throw bare(name);
        }
        if (m.hasParent()) {
            throw bare(name); // differencing images: qemu 7.2 refuses them
        }
        return m;
    }

    /**
     * The item's {@code size} bytes, little endian, at its offset in the region: qemu 7.2 checks
     * neither the item's stated length nor that it lies inside the region (past the end of the
     * file it reads zeroes, which the value checks then refuse).
     */
    private static ByteBuffer item(BlockNode file, VhdxRegionTable.Entry meta, VhdxMetadata.Item it, int size,
                                   String name) throws BlockException {
        return VhdxChecksum.le(read(file, meta.offset() + it.offset(), size));
    }

    static BlockException bare(String name) {
        return BlockException.withErrno(Errno.EINVAL, "Could not open '" + name + "'");
    }

    static byte[] read(BlockNode file, long offset, int len) throws BlockException {
        byte[] b = new byte[len];
        file.pread(offset, ByteBuffer.wrap(b));
        return b;
    }
}
