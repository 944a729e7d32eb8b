package io.jiotests.harness.compare;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Maps the bytes of a qcow2 image (docs/interop/qcow2.txt) to names by walking its metadata: header
 * fields, header extensions, backing file name, L1 table, refcount table, refcount blocks, L2 tables,
 * data clusters, snapshot table (and the snapshots' L1 tables). Masks the snapshot dates and VM
 * clocks. Every on-disk number is bounded by the file size before it is used.
 */
final class Qcow2Layout {
    private static final int MAGIC = 0x514649fb;
    /** Host cluster offset bits of L1/L2/refcount table entries. */
    private static final long OFFSET_MASK = 0x00fffffffffffe00L;
    private static final long COMPRESSED = 1L << 62;
    /** Walk at most this many table entries in total (enough for any test image). */
    private static final long MAX_ENTRIES = 1L << 22;

    private static final Object[][] HEADER_V2 = {
        {0, 4, "magic"}, {4, 4, "version"}, {8, 8, "backing_file_offset"}, {16, 4, "backing_file_size"},
        {20, 4, "cluster_bits"}, {24, 8, "size"}, {32, 4, "crypt_method"}, {36, 4, "l1_size"},
        {40, 8, "l1_table_offset"}, {48, 8, "refcount_table_offset"}, {56, 4, "refcount_table_clusters"},
        {60, 4, "nb_snapshots"}, {64, 8, "snapshots_offset"},
    };
    private static final Object[][] HEADER_V3 = {
        {72, 8, "incompatible_features"}, {80, 8, "compatible_features"}, {88, 8, "autoclear_features"},
        {96, 4, "refcount_order"}, {100, 4, "header_length"}, {104, 1, "compression_type"},
    };

    private final ImageReader r;
    private final ImageLayout layout = new ImageLayout("qcow2", "unreferenced bytes");
    private long budget = MAX_ENTRIES;
    private int clusterBits;
    private long clusterSize;
    private boolean extendedL2;

    private Qcow2Layout(ImageReader r) {
        this.r = r;
    }

    static ImageLayout of(Path image) throws IOException {
        try (ImageReader r = new ImageReader(image)) {
            Qcow2Layout q = new Qcow2Layout(r);
            q.walk();
            return q.layout;
        }
    }

    private void walk() throws IOException {
        if (r.size() < 72 || r.be32(0) != MAGIC) {
            layout.region(0, Math.max(1, Math.min(r.size(), 72)), "not a qcow2 header");
            return;
        }
        int version = r.be32(4);
        fields(HEADER_V2);
        long headerLength = 72;
        if (version >= 3) {
            fields(HEADER_V3);
            headerLength = Integer.toUnsignedLong(r.be32(100));
            if (headerLength > 112) {
                layout.region(112, Math.min(headerLength, r.size()) - 112, "header (unknown fields)");
            }
            extendedL2 = (r.be64(72) & (1L << 4)) != 0;
        }
        clusterBits = r.be32(20);
        if (clusterBits < 9 || clusterBits > 21) {
            return; // nothing beyond the header can be located
        }
        clusterSize = 1L << clusterBits;
        headerExtensions(headerLength);
        long backingOff = r.be64(8);
        long backingLen = Integer.toUnsignedLong(r.be32(16));
        if (backingOff != 0 && r.inFile(backingOff, backingLen)) {
            layout.region(backingOff, backingLen, "backing file name");
            if (backingLen > 0) {
                layout.pathField(new ByteRange(backingOff, backingLen, "backing file name"),
                        new ByteRange(16, 4, "header.backing_file_size"));
            }
        }
        l1Table(r.be64(40), Integer.toUnsignedLong(r.be32(36)), "L1 table");
        refcounts(r.be64(48), Integer.toUnsignedLong(r.be32(56)));
        snapshots(Integer.toUnsignedLong(r.be32(60)), r.be64(64));
    }

    private void fields(Object[][] table) {
        for (Object[] f : table) {
            layout.region((Integer) f[0], (Integer) f[1], "header." + f[2]);
        }
    }

    private void headerExtensions(long start) throws IOException {
        long off = start;
        for (int i = 0; i < 64 && r.inFile(off, 8) && off < clusterSize; i++) {
            int type = r.be32(off);
            long len = Integer.toUnsignedLong(r.be32(off + 4));
            String name = switch (type) {
                case 0 -> "end";
                case 0xe2792aca -> "backing_format";
                case 0x6803f857 -> "feature_name_table";
                case 0x23852875 -> "bitmaps";
                case 0x0537be77 -> "full_disk_encryption";
                case 0x44415441 -> "external_data_file";
                default -> String.format("unknown_%08x", type);
            };
            layout.region(off, 4, "header_extension." + name + ".type");
            layout.region(off + 4, 4, "header_extension." + name + ".length");
            if (type == 0) {
                return;
            }
            if (len > 0 && r.inFile(off + 8, len)) {
                layout.region(off + 8, len, "header_extension." + name + ".data");
            }
            off += 8 + ((len + 7) & ~7L);
        }
    }

    private boolean take(long entries) {
        if (entries > budget) {
            return false;
        }
        budget -= entries;
        return true;
    }

    private void l1Table(long off, long entries, String name) throws IOException {
        if (off == 0 || entries == 0 || !r.inFile(off, entries * 8) || !take(entries)) {
            return;
        }
        long l2Entries = clusterSize / (extendedL2 ? 16 : 8);
        for (long i = 0; i < entries; i++) {
            layout.region(off + i * 8, 8, name + "[" + i + "]");
            long l2 = r.be64(off + i * 8) & OFFSET_MASK;
            if (l2 != 0 && r.inFile(l2, clusterSize)) {
                l2Table(l2, l2Entries, i * l2Entries);
            }
        }
    }

    private void l2Table(long off, long entries, long firstGuestCluster) throws IOException {
        if (!take(entries)) {
            return;
        }
        int entrySize = extendedL2 ? 16 : 8;
        String table = String.format("L2 table @0x%x", off);
        var buf = r.read(off, (int) (entries * entrySize), ByteOrder.BIG_ENDIAN);
        for (long i = 0; i < entries; i++) {
            long e = buf.getLong((int) (i * entrySize));
            long guest = (firstGuestCluster + i) << clusterBits;
            if (e == 0) {
                continue;
            }
            layout.region(off + i * entrySize, entrySize, String.format("%s[%d] (guest 0x%x)", table, i, guest));
            if ((e & COMPRESSED) != 0) {
                int offBits = 62 - (clusterBits - 8);
                long host = e & ((1L << offBits) - 1);
                long sectors = ((e >>> offBits) & ((1L << (clusterBits - 8)) - 1)) + 1;
                long len = Math.min(sectors * 512 - (host & 511), r.size() - Math.min(host, r.size()));
                if (len > 0) {
                    layout.region(host, len, String.format("compressed cluster (guest 0x%x)", guest));
                }
            } else {
                long host = e & OFFSET_MASK;
                if (host != 0 && r.inFile(host, 1)) {
                    layout.region(host, Math.min(clusterSize, r.size() - host),
                            String.format("data cluster (guest 0x%x)", guest));
                }
            }
        }
    }

    private void refcounts(long off, long clusters) throws IOException {
        long bytes = clusters * clusterSize;
        if (off == 0 || clusters == 0 || clusters > (1L << 24) || !r.inFile(off, Math.min(bytes, r.size()))) {
            return;
        }
        long entries = Math.min(bytes, r.size() - off) / 8;
        if (!take(entries)) {
            return;
        }
        layout.region(off, entries * 8, "refcount table");
        for (long i = 0; i < entries; i++) {
            long block = r.be64(off + i * 8) & OFFSET_MASK;
            if (block == 0) {
                continue;
            }
            layout.region(off + i * 8, 8, "refcount table[" + i + "]");
            if (r.inFile(block, clusterSize)) {
                layout.region(block, clusterSize, String.format("refcount block %d @0x%x", i, block));
            }
        }
    }

    private void snapshots(long count, long off) throws IOException {
        for (long i = 0; i < Math.min(count, 65536) && off != 0 && r.inFile(off, 40); i++) {
            String s = "snapshot[" + i + "]";
            int idLen = r.be16(off + 12);
            int nameLen = r.be16(off + 14);
            long extra = Integer.toUnsignedLong(r.be32(off + 36));
            if (extra > 1024) {
                return;
            }
            layout.region(off, 8, s + ".l1_table_offset");
            layout.region(off + 8, 4, s + ".l1_size");
            layout.region(off + 12, 2, s + ".id_str_size");
            layout.region(off + 14, 2, s + ".name_size");
            layout.region(off + 16, 4, s + ".date_sec");
            layout.region(off + 20, 4, s + ".date_nsec");
            layout.region(off + 24, 8, s + ".vm_clock_nsec");
            layout.region(off + 32, 4, s + ".vm_state_size");
            layout.region(off + 36, 4, s + ".extra_data_size");
            layout.mask(off + 16, 4, s + ".date_sec");
            layout.mask(off + 20, 4, s + ".date_nsec");
            layout.mask(off + 24, 8, s + ".vm_clock_nsec");
            layout.region(off + 40, extra, s + ".extra_data");
            layout.region(off + 40 + extra, idLen, s + ".id_str");
            layout.region(off + 40 + extra + idLen, nameLen, s + ".name");
            long l1 = r.be64(off);
            long l1Size = Integer.toUnsignedLong(r.be32(off + 8));
            l1Table(l1, l1Size, s + ".L1 table");
            long entryLen = 40 + extra + idLen + nameLen;
            off += (entryLen + 7) & ~7L;
        }
    }
}
