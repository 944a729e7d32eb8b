package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opening an image: reads the header and validates every field before it is used (table sizes
 * and offsets bounded, feature bits checked), with QEMU's error texts; then loads the L1 table and
 * the refcount table.
 */
final class Qcow2Open {
    private static final long MAX_REFTABLE_BYTES = 8L << 20;
    private static final long MAX_L1_BYTES = 32L << 20;
    private static final int MAX_SNAPSHOTS = 65536;
    private static final int SNAPSHOT_HEADER_SIZE = 40;

    /** The bytes of the first read: the whole first cluster at qemu-img's default cluster size. */
    private static final int FIRST_READ = 64 << 10;

    private Qcow2Open() {
    }

    private static void readHeaderBytes(BlockNode file, byte[] buf, int pos, int len) throws BlockException {
        try {
            Qcow2Io.read(file, pos, buf, pos, len);
        } catch (BlockException e) {
            throw e.prepend("Could not read qcow2 header: ");
        }
    }

    static Qcow2State open(BlockNode file, OpenFlags flags) throws BlockException {
        // the first cluster (header, extensions, backing file name), zeroes past the end of the
        // file: read as the default 64 KiB first and the rest once the header names a larger
        // cluster (a 2 MiB buffer for every open cost an info run ~1-2 ms of page faults)
        byte[] first = new byte[FIRST_READ];
        long fileLen = file.length();
        int got = (int) Math.min(first.length, fileLen);
        readHeaderBytes(file, first, 0, got);
        // a file shorter than the header reads as zeroes past its end, as under QEMU (whose image
        // length is whole sectors): a cut header fails on its first zero field, not with EIO
        Qcow2Header h = Qcow2Header.parse(first, Math.max(got, Qcow2Header.V3_MIN_HEADER_BYTES));
        int cs = h.clusterSize();
        if (cs > first.length) {
            first = java.util.Arrays.copyOf(first, cs);
            if (fileLen > got) {
                int rest = (int) Math.min(cs, fileLen) - got;
                readHeaderBytes(file, first, got, rest);
            }
        }
        if (Long.compareUnsigned(h.backingFileOffset, cs) > 0) {
            throw new BlockException(Errno.EINVAL, "Invalid backing file offset");
        }
        long extEnd = h.backingFileOffset != 0 ? h.backingFileOffset : cs;
        // feature names are needed for the "unsupported feature" message
        Qcow2Header probe = new Qcow2Header();
        probe.headerLength = h.headerLength;
        try {
            probe.parseExtensions(first, Math.min(first.length, cs), extEnd);
        } catch (BlockException ignored) {
            // reported below when the extensions are read for real
        }
        long unknownIncompat = h.incompatibleFeatures & ~Qcow2Header.INCOMPAT_MASK;
        if (unknownIncompat != 0) {
            throw new BlockException(Errno.ENOTSUP, "Unsupported qcow2 feature(s): "
                    + featureList(probe.featureNames, 0, unknownIncompat));
        }
        if ((h.incompatibleFeatures & Qcow2Header.INCOMPAT_CORRUPT) != 0
                && flags.writable() && !flags.checkOnly()) {
            throw new BlockException(Errno.EACCES,
                    "qcow2: Image is corrupt; cannot be opened read/write");
        }
        if (Integer.compareUnsigned(h.refcountOrder, 6) > 0) { // an unsigned field: 0xffffffff is too large too
            throw new BlockException(Errno.EINVAL,
                    "Reference count entry width too large; may not exceed 64 bits");
        }
        boolean zstdBit = (h.incompatibleFeatures & Qcow2Header.INCOMPAT_COMPRESSION) != 0;
        if (h.compressionType != Qcow2Header.COMPRESSION_ZLIB
                && h.compressionType != Qcow2Header.COMPRESSION_ZSTD) {
            throw new BlockException(Errno.ENOTSUP,
                    "qcow2: unknown compression type: " + h.compressionType);
        }
        if (h.compressionType == Qcow2Header.COMPRESSION_ZLIB && zstdBit) {
            throw new BlockException(Errno.EINVAL, "qcow2: Compression type incompatible feature "
                    + "bit must not be set");
        }
        if (h.compressionType != Qcow2Header.COMPRESSION_ZLIB && !zstdBit) {
            throw new BlockException(Errno.EINVAL, "qcow2: Compression type incompatible feature "
                    + "bit must be set");
        }
        if (h.hasExtendedL2() && h.clusterBits < 14) {
            throw new BlockException(Errno.EINVAL, "Extended L2 entries are only supported with "
                    + "cluster sizes of at least 16384 bytes");
        }
        if (Integer.toUnsignedLong(h.cryptMethod) > 2) {
            throw new BlockException(Errno.EINVAL, "Unsupported encryption method "
                    + Integer.toUnsignedString(h.cryptMethod));
        }
        long rtClusters = Integer.toUnsignedLong(h.refcountTableClusters);
        if (rtClusters > (MAX_REFTABLE_BYTES >> h.clusterBits)) {
            throw new BlockException(Errno.EINVAL, "Reference count table too large");
        }
        if (rtClusters == 0 && !flags.checkOnly()) {
            throw new BlockException(Errno.EINVAL,
                    "Image does not contain a reference count table");
        }
        validateTable(h.refcountTableOffset, rtClusters, cs, MAX_REFTABLE_BYTES,
                "Reference count table", cs);
        validateTable(h.snapshotsOffset, Integer.toUnsignedLong(h.nbSnapshots),
                SNAPSHOT_HEADER_SIZE, (long) SNAPSHOT_HEADER_SIZE * MAX_SNAPSHOTS, "Snapshot table",
                cs);
        long l1Size = Integer.toUnsignedLong(h.l1Size);
        if (l1Size > MAX_L1_BYTES / 8) {
            throw new BlockException(Errno.EFBIG, "Active L1 table too large");
        }
        Qcow2State s = new Qcow2State(file, h);
        int shift = s.clusterBits + s.l2Bits;
        long needed = shift >= 63 ? (h.size == 0 ? 0 : 1)
                : Long.divideUnsigned(h.size, 1L << shift)
                + (Long.remainderUnsigned(h.size, 1L << shift) != 0 ? 1 : 0);
        if (h.size < 0 || needed > Integer.MAX_VALUE) {
            throw new BlockException(Errno.EFBIG, "Image is too big");
        }
        if (l1Size < needed) {
            throw new BlockException(Errno.EINVAL, "L1 table is too small");
        }
        if (l1Size > 0) {
            validateTable(h.l1TableOffset, l1Size, 8, MAX_L1_BYTES, "Active L1 table", cs);
        }
        s.l1Size = (int) l1Size;
        s.l1TableOffset = h.l1TableOffset;
        s.l1Table = new long[s.l1Size];
        if (l1Size > 0) {
            // past the end of the file the table reads as zeroes, as under QEMU; beyond the largest
            // request QEMU's block layer accepts, the read fails
            if (Qcow2Io.beyondMaxRequest(h.l1TableOffset, l1Size * 8)) {
                throw new BlockException(Errno.EIO, "Could not read L1 table: Input/output error");
            }
            byte[] raw = Qcow2Io.read(file, h.l1TableOffset, (int) (l1Size * 8));
            for (int i = 0; i < s.l1Size; i++) {
                s.l1Table[i] = Qcow2Io.be64(raw, i * 8);
            }
        }
        if (Qcow2Io.beyondMaxRequest(h.refcountTableOffset, rtClusters * cs)) {
            throw new BlockException(Errno.EIO, "Could not initialize refcount handling: Input/output error");
        }
        s.refcounts.load(h.refcountTableOffset, (int) rtClusters);
        h.parseExtensions(first, Math.min(first.length, cs), extEnd);
        if (h.backingFileOffset != 0) {
            long len = Integer.toUnsignedLong(h.backingFileSize);
            if (len > Math.min(1023, cs - h.backingFileOffset) || len >= 4096) {
                throw new BlockException(Errno.EINVAL, "Backing file name too long");
            }
            // QEMU keeps the name as a C string: it ends at the first NUL, and an empty one is no backing file
            int end = (int) h.backingFileOffset;
            while (end < h.backingFileOffset + len && first[end] != 0) {
                end++;
            }
            String name = new String(first, (int) h.backingFileOffset, end - (int) h.backingFileOffset,
                    StandardCharsets.UTF_8);
            h.backingFile = name.isEmpty() ? null : name;
        }
        if (h.hasDataFile() && h.dataFile == null && !flags.noIo()) {
            throw new BlockException(Errno.EINVAL, "'data-file' is required for this image");
        }
        s.writable = flags.writable();
        s.unmap = flags.unmap();
        s.lazyRefcounts = (h.compatibleFeatures & Qcow2Header.COMPAT_LAZY_REFCOUNTS) != 0;
        return s;
    }

    /** qcow2_validate_table. */
    static void validateTable(long offset, long entries, long entryLen, long maxBytes,
                              String name, int clusterSize) throws BlockException {
        if (entries > maxBytes / entryLen) {
            throw new BlockException(Errno.EFBIG, name + " too large");
        }
        if (Long.MAX_VALUE - entries * entryLen < offset || offset < 0
                || (offset & (clusterSize - 1)) != 0) {
            throw new BlockException(Errno.EINVAL, name + " offset invalid");
        }
    }

    /** "name, name2" or "Unknown incompatible feature: 1f" entries, as QEMU lists them. */
    static String featureList(Map<Integer, String> names, int type, long mask) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            int t = e.getKey() >>> 8;
            int bit = e.getKey() & 0xff;
            if (t == type && bit < 64 && (mask & (1L << bit)) != 0) {
                parts.add(e.getValue());
                mask &= ~(1L << bit);
            }
        }
        if (mask != 0) {
            String kind = type == 0 ? "incompatible" : type == 1 ? "compatible" : "autoclear";
            parts.add("Unknown " + kind + " feature: " + Long.toHexString(mask));
        }
        return String.join(", ", parts);
    }
}
