package io.jiotests.harness.hostile;

import static io.jiotests.harness.hostile.ImageBytes.be;
import static io.jiotests.harness.hostile.ImageBytes.beAt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile qcow2 images. The base is a 64 MiB qcow2 (64 KiB clusters) made by the reference
 * qemu-img, with data clusters at 0 (128 KiB), a compressed cluster at 1 MiB and a data cluster at
 * 2 MiB written by the reference qemu-io, so that L1, L2 and refcount tables all exist. Header
 * offsets are those of docs/interop/qcow2.txt (big endian); table offsets are read from the base.
 */
final class Qcow2Hostile {
    static final String FORMAT = "qcow2";
    static final List<String> BASE_WRITES = List.of(
            "write -P 0x5a 0 128k", "write -c -P 0x11 1M 64k", "write -P 0xa5 2M 64k");

    private static final long L2_OFFSET_MASK = 0x00fffffffffffe00L;
    private static final long COMPRESSED = 1L << 62;

    private Qcow2Hostile() {
    }

    static List<Mutation> mutations() {
        List<Mutation> m = new ArrayList<>();
        // header fields to extremes
        m.add(Mutation.of("bad-magic", "magic 0x12345678 (probes as raw)", (f, d) -> be(f, 0, 4, 0x12345678)));
        for (long v : new long[] {0, 1, 4, 0xffffffffL}) {
            m.add(Mutation.of("version-" + Long.toHexString(v), "version " + v, (f, d) -> be(f, 4, 4, v)));
        }
        for (long v : new long[] {0, 8, 22, 31, 63, 0xffffffffL}) {
            m.add(Mutation.of("cluster-bits-" + v, "cluster_bits " + v, (f, d) -> be(f, 20, 4, v)));
        }
        for (long v : new long[] {0, 1, 0x7fffffffffffffffL, -1L, 1L << 55}) {
            m.add(Mutation.of("size-" + Long.toHexString(v), "virtual size " + Long.toUnsignedString(v), (f, d) -> be(f, 24, 8, v)));
        }
        m.add(Mutation.of("crypt-aes", "crypt_method 1 (AES) on an unencrypted image", (f, d) -> be(f, 32, 4, 1)));
        m.add(Mutation.of("crypt-luks-no-ext", "crypt_method 2 (LUKS) without a crypto header extension", (f, d) -> be(f, 32, 4, 2)));
        m.add(Mutation.of("crypt-99", "crypt_method 99", (f, d) -> be(f, 32, 4, 99)));
        for (long v : new long[] {0, 0x7fffffffL, 0xffffffffL, 0x02000001L}) {
            m.add(Mutation.of("l1-size-" + Long.toHexString(v), "l1_size " + v, (f, d) -> be(f, 36, 4, v)));
        }
        m.add(Mutation.of("l1-offset-eof", "l1_table_offset far past the end of file", (f, d) -> be(f, 40, 8, 1L << 40)));
        m.add(Mutation.of("l1-offset-unaligned", "l1_table_offset not cluster aligned", (f, d) -> be(f, 40, 8, beAt(f, 40, 8) + 8)));
        m.add(Mutation.of("l1-offset-header", "l1_table_offset 0: L1 overlaps the header", (f, d) -> be(f, 40, 8, 0)));
        m.add(Mutation.of("l1-offset-huge", "l1_table_offset 2^63 - 64k", (f, d) -> be(f, 40, 8, Long.MAX_VALUE - 0xffff)));
        m.add(Mutation.of("rt-offset-eof", "refcount_table_offset past the end of file", (f, d) -> be(f, 48, 8, 1L << 40)));
        m.add(Mutation.of("rt-offset-unaligned", "refcount_table_offset unaligned", (f, d) -> be(f, 48, 8, beAt(f, 48, 8) + 512)));
        m.add(Mutation.of("rt-offset-header", "refcount_table_offset 0: overlaps the header", (f, d) -> be(f, 48, 8, 0)));
        m.add(Mutation.of("rt-overlaps-l1", "refcount table at the L1 table's offset", (f, d) -> be(f, 48, 8, beAt(f, 40, 8))));
        for (long v : new long[] {0, 0x10000, 0xffffffffL}) {
            m.add(Mutation.of("rt-clusters-" + Long.toHexString(v), "refcount_table_clusters " + v, (f, d) -> be(f, 56, 4, v)));
        }
        for (long v : new long[] {1, 0xffffffffL, 65537}) {
            m.add(Mutation.of("nb-snapshots-" + Long.toHexString(v), "nb_snapshots " + v + " with snapshots_offset 0",
                    (f, d) -> be(f, 60, 4, v)));
        }
        m.add(Mutation.of("snapshots-eof", "one snapshot whose table lies past the end of file", (f, d) -> {
            be(f, 60, 4, 1);
            be(f, 64, 8, 1L << 40);
        }));
        m.add(Mutation.of("snapshots-unaligned", "one snapshot at an unaligned offset", (f, d) -> {
            be(f, 60, 4, 1);
            be(f, 64, 8, 0x10008);
        }));
        m.add(Mutation.of("incompat-unknown", "unknown incompatible feature bit 63", (f, d) -> be(f, 72, 8, 1L << 63)));
        m.add(Mutation.of("incompat-corrupt", "corrupt bit set", (f, d) -> be(f, 72, 8, 2)));
        m.add(Mutation.of("incompat-dirty", "dirty bit set without lazy refcounts", (f, d) -> be(f, 72, 8, 1)));
        m.add(Mutation.of("incompat-extl2-no-ext", "extended L2 bit on 64k clusters, data file bit", (f, d) -> be(f, 72, 8, 0x14)));
        for (long v : new long[] {0, 7, 0xffffffffL}) {
            m.add(Mutation.of("refcount-order-" + Long.toHexString(v), "refcount_order " + v, (f, d) -> be(f, 96, 4, v)));
        }
        for (long v : new long[] {0, 71, 105, 0x10000, 0xffffffffL}) {
            m.add(Mutation.of("header-length-" + Long.toHexString(v), "header_length " + v, (f, d) -> be(f, 100, 4, v)));
        }
        m.add(Mutation.of("ext-huge", "header extension (backing format) with length 0xffffffff", (f, d) -> {
            be(f, 112, 4, 0xE2792ACAL);
            be(f, 116, 4, 0xffffffffL);
        }));
        m.add(Mutation.of("ext-overrun", "header extension longer than the cluster", (f, d) -> {
            be(f, 112, 4, 0x6803f857L);
            be(f, 116, 4, 0x10000);
        }));
        // backing file name
        m.add(Mutation.of("backing-offset-eof", "backing_file_offset past the end of file", (f, d) -> {
            be(f, 8, 8, 1L << 40);
            be(f, 16, 4, 16);
        }));
        m.add(Mutation.of("backing-size-huge", "backing_file_size 0xffffffff", (f, d) -> {
            be(f, 8, 8, 0x200);
            be(f, 16, 4, 0xffffffffL);
        }));
        m.add(Mutation.of("backing-too-long", "backing file name of 1100 bytes (qcow2 allows 1023)", (f, d) -> {
            ImageBytes.write(f, 0x1000, "x".repeat(1100).getBytes(StandardCharsets.US_ASCII));
            be(f, 8, 8, 0x1000);
            be(f, 16, 4, 1100);
        }));
        m.add(Mutation.of("backing-in-header", "backing file name overlapping the header fields", (f, d) -> {
            be(f, 8, 8, 4);
            be(f, 16, 4, 60);
        }));
        m.add(backingName("backing-absolute-missing", "absolute backing file that does not exist", "/nonexistent/jiotests/base.qcow2"));
        m.add(backingName("backing-json-missing", "json: backing file name naming a missing file",
                "json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"/nonexistent/x\"}}"));
        m.add(backingName("backing-garbage", "backing file name with control bytes", "\u0001\u0002\n\tbase"));
        // tables
        m.add(Mutation.of("l1-entry-eof", "L1 entry 0 points past the end of file", (f, d) -> be(f, beAt(f, 40, 8), 8, (1L << 63) | (1L << 40))));
        m.add(Mutation.of("l1-entry-unaligned", "L1 entry 0 not cluster aligned", (f, d) -> be(f, beAt(f, 40, 8), 8, (1L << 63) | (l2Offset(f) + 0x200))));
        m.add(Mutation.of("l1-entry-header", "L1 entry 0 points to the header cluster", (f, d) -> be(f, beAt(f, 40, 8), 8, 1L << 63)));
        m.add(Mutation.of("l1-entry-self", "L1 entry 0 points to the L1 table itself", (f, d) -> be(f, beAt(f, 40, 8), 8, (1L << 63) | beAt(f, 40, 8))));
        m.add(Mutation.of("l1-entry-reserved", "L1 entry 0 with reserved bits set", (f, d) -> be(f, beAt(f, 40, 8), 8, beAt(f, beAt(f, 40, 8), 8) | 0x1ffL)));
        m.add(Mutation.of("l2-entry-eof", "L2 entry 0 points past the end of file", (f, d) -> be(f, l2Offset(f), 8, (1L << 63) | (1L << 40))));
        m.add(Mutation.of("l2-entry-unaligned", "L2 entry 0 not cluster aligned", (f, d) -> be(f, l2Offset(f), 8, beAt(f, l2Offset(f), 8) + 0x200)));
        m.add(Mutation.of("l2-entry-header", "L2 entry 0 points to the header (overlap)", (f, d) -> be(f, l2Offset(f), 8, 1L << 63)));
        m.add(Mutation.of("l2-entry-l1", "L2 entry 0 points to the L1 table (overlap)", (f, d) -> be(f, l2Offset(f), 8, (1L << 63) | beAt(f, 40, 8))));
        m.add(Mutation.of("compressed-eof", "compressed descriptor at 1M points past the end of file",
                (f, d) -> be(f, l2Offset(f) + 16 * 8, 8, COMPRESSED | (0x3fL << 54) | (1L << 40))));
        m.add(Mutation.of("compressed-max", "compressed descriptor with every offset and size bit set",
                (f, d) -> be(f, l2Offset(f) + 16 * 8, 8, COMPRESSED | 0x3fffffffffffffffL)));
        m.add(Mutation.of("compressed-garbage", "compressed descriptor pointing at the L1 table (not deflate data)",
                (f, d) -> be(f, l2Offset(f) + 16 * 8, 8, COMPRESSED | beAt(f, 40, 8))));
        m.add(Mutation.of("rt-entry-eof", "refcount table entry 0 points past the end of file", (f, d) -> be(f, beAt(f, 48, 8), 8, 1L << 40)));
        m.add(Mutation.of("rt-entry-unaligned", "refcount table entry 0 unaligned", (f, d) -> be(f, beAt(f, 48, 8), 8, beAt(f, beAt(f, 48, 8), 8) + 8)));
        m.add(Mutation.of("rt-entry-zero", "refcount table entry 0 cleared (every cluster refcount 0)", (f, d) -> be(f, beAt(f, 48, 8), 8, 0)));
        m.add(Mutation.of("refblock-zeroed", "first refcount block zeroed", (f, d) -> ImageBytes.write(f, beAt(f, beAt(f, 48, 8), 8), new byte[512])));
        m.add(Mutation.of("refcount-max", "refcount of cluster 0 set to 0xffff", (f, d) -> be(f, beAt(f, beAt(f, 48, 8), 8), 2, 0xffff)));
        m.add(Mutation.of("truncated-before-l2", "file cut just after the L1 table (L2 and data missing)", (f, d) -> ImageBytes.truncate(f, beAt(f, 40, 8) + 512)));
        return m;
    }

    /** Writes a backing file name after the header extensions (at 0x1000) and points the header at it. */
    static Mutation backingName(String name, String what, String backing) {
        return Mutation.of(name, what, (f, d) -> {
            byte[] b = backing.getBytes(StandardCharsets.UTF_8);
            ImageBytes.write(f, 0x1000, b);
            be(f, 8, 8, 0x1000);
            be(f, 16, 4, b.length);
        });
    }

    /** The offset of the L2 table that L1 entry 0 of the base image names. */
    static long l2Offset(Path f) {
        long l1 = beAt(f, 40, 8);
        return beAt(f, l1, 8) & L2_OFFSET_MASK;
    }
}
