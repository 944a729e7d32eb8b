package io.jiotests.harness.hostile;

import static io.jiotests.harness.hostile.ImageBytes.be;
import static io.jiotests.harness.hostile.ImageBytes.beAt;
import static io.jiotests.harness.hostile.ImageBytes.le;
import static io.jiotests.harness.hostile.ImageBytes.leAt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile images of the other formats qemu-img creates: qed, vdi, vpc, vmdk (monolithicSparse),
 * vhdx and parallels. Each base is a 64 MiB image made by the reference qemu-img with the first
 * 64 KiB written by the reference qemu-io. Field offsets are those of the public format
 * descriptions (QEMU's docs/interop, the VHD/VHDX/VMDK specifications); checksummed headers are
 * re-checksummed after the edit so the hostile value gets past the checksum test.
 */
final class FormatHostile {
    private FormatHostile() {
    }

    static List<Mutation> mutations(String format) {
        return switch (format) {
            case "qed" -> qed();
            case "vdi" -> vdi();
            case "vpc" -> vpc();
            case "vmdk" -> vmdk();
            case "vhdx" -> vhdx();
            case "parallels" -> parallels();
            default -> List.of();
        };
    }

    /** QED header, little endian: cluster_size 4, table_size 8, header_size 12, features 16, l1 40, size 48, backing 56/60. */
    private static List<Mutation> qed() {
        List<Mutation> m = new ArrayList<>();
        for (long v : new long[] {0, 3, 0x1000, 0x80000000L, 0xffffffffL}) {
            m.add(Mutation.of("cluster-size-" + Long.toHexString(v), "cluster_size " + v, (f, d) -> le(f, 4, 4, v)));
        }
        for (long v : new long[] {0, 3, 0x10000, 0xffffffffL}) {
            m.add(Mutation.of("table-size-" + Long.toHexString(v), "table_size " + v, (f, d) -> le(f, 8, 4, v)));
        }
        for (long v : new long[] {0, 0xffffffffL}) {
            m.add(Mutation.of("header-size-" + Long.toHexString(v), "header_size " + v, (f, d) -> le(f, 12, 4, v)));
        }
        m.add(Mutation.of("features-unknown", "unknown feature bit 63", (f, d) -> le(f, 16, 8, 1L << 63)));
        m.add(Mutation.of("features-need-check", "need-check feature bit set", (f, d) -> le(f, 16, 8, 2)));
        m.add(Mutation.of("l1-offset-eof", "l1_table_offset past the end of file", (f, d) -> le(f, 40, 8, 1L << 40)));
        m.add(Mutation.of("l1-offset-unaligned", "l1_table_offset unaligned", (f, d) -> le(f, 40, 8, leAt(f, 40, 8) + 8)));
        m.add(Mutation.of("l1-offset-zero", "l1_table_offset 0 (overlaps the header)", (f, d) -> le(f, 40, 8, 0)));
        for (long v : new long[] {0, 0x7fffffffffffffffL, -1L, 513}) {
            m.add(Mutation.of("image-size-" + Long.toHexString(v), "image_size " + Long.toUnsignedString(v), (f, d) -> le(f, 48, 8, v)));
        }
        m.add(Mutation.of("backing-eof", "backing file name past the end of file (feature bit set)", (f, d) -> {
            le(f, 16, 8, 1);
            le(f, 56, 4, 0x7ffffff0L);
            le(f, 60, 4, 16);
        }));
        m.add(Mutation.of("backing-huge", "backing file name size 0xffffffff", (f, d) -> {
            le(f, 16, 8, 1);
            le(f, 56, 4, 64);
            le(f, 60, 4, 0xffffffffL);
        }));
        m.add(Mutation.of("backing-absolute-missing", "absolute backing file that does not exist", (f, d) -> {
            byte[] name = "/nonexistent/jiotests/base.qed".getBytes(StandardCharsets.US_ASCII);
            ImageBytes.write(f, 0x200, name);
            le(f, 16, 8, 1);
            le(f, 56, 4, 0x200);
            le(f, 60, 4, name.length);
        }));
        m.add(Mutation.of("l1-entry-eof", "L1 entry 0 points past the end of file", (f, d) -> le(f, leAt(f, 40, 8), 8, 1L << 40)));
        m.add(Mutation.of("l1-entry-unaligned", "L1 entry 0 unaligned", (f, d) -> le(f, leAt(f, 40, 8), 8, leAt(f, leAt(f, 40, 8), 8) + 8)));
        m.add(Mutation.of("l2-entry-eof", "L2 entry 0 points past the end of file",
                (f, d) -> le(f, leAt(f, leAt(f, 40, 8), 8), 8, 1L << 40)));
        m.add(Mutation.of("l2-entry-l1", "L2 entry 0 points at the L1 table (a cluster referenced twice)",
                (f, d) -> le(f, leAt(f, leAt(f, 40, 8), 8), 8, leAt(f, 40, 8))));
        m.add(Mutation.of("l1-entry-l1", "L1 entry 0 points at the L1 table itself",
                (f, d) -> le(f, leAt(f, 40, 8), 8, leAt(f, 40, 8))));
        m.add(Mutation.of("table-size-1", "table_size 1 (valid for create, but a one-cluster table never passes QEMU's offset check)",
                (f, d) -> le(f, 8, 4, 1)));
        m.add(Mutation.of("autoclear-unknown", "unknown autoclear and compat feature bits", (f, d) -> {
            le(f, 24, 8, 1L << 40);
            le(f, 32, 8, 1L << 62);
        }));
        return m;
    }

    /** VDI header, little endian: bmap 0x154, data 0x158, sector size 0x168, disk size 0x170, block size 0x178, blocks 0x180/0x184. */
    private static List<Mutation> vdi() {
        List<Mutation> m = new ArrayList<>();
        m.add(Mutation.of("version-2", "version 2.0", (f, d) -> le(f, 0x44, 4, 0x00020000)));
        m.add(Mutation.of("header-size-huge", "header size 0xffffffff", (f, d) -> le(f, 0x48, 4, 0xffffffffL)));
        m.add(Mutation.of("image-type-9", "image type 9", (f, d) -> le(f, 0x4c, 4, 9)));
        m.add(Mutation.of("bmap-eof", "block map offset past the end of file", (f, d) -> le(f, 0x154, 4, 0x7ffffe00L)));
        m.add(Mutation.of("bmap-unaligned", "block map offset unaligned", (f, d) -> le(f, 0x154, 4, 0x201)));
        m.add(Mutation.of("data-eof", "data offset past the end of file", (f, d) -> le(f, 0x158, 4, 0xfffffe00L)));
        m.add(Mutation.of("data-overlaps-bmap", "data offset inside the block map", (f, d) -> le(f, 0x158, 4, 0x200)));
        m.add(Mutation.of("sector-size-0", "sector size 0", (f, d) -> le(f, 0x168, 4, 0)));
        m.add(Mutation.of("sector-size-4097", "sector size 4097", (f, d) -> le(f, 0x168, 4, 4097)));
        for (long v : new long[] {0, 0x7fffffffffffffffL, -1L, 0x4000001L}) {
            m.add(Mutation.of("disk-size-" + Long.toHexString(v), "disk size " + Long.toUnsignedString(v), (f, d) -> le(f, 0x170, 8, v)));
        }
        for (long v : new long[] {0, 3, 0x80000000L}) {
            m.add(Mutation.of("block-size-" + Long.toHexString(v), "block size " + v, (f, d) -> le(f, 0x178, 4, v)));
        }
        m.add(Mutation.of("block-extra", "block extra 0xffffffff", (f, d) -> le(f, 0x17c, 4, 0xffffffffL)));
        m.add(Mutation.of("blocks-huge", "blocks in image 0xffffffff", (f, d) -> le(f, 0x180, 4, 0xffffffffL)));
        m.add(Mutation.of("blocks-allocated-huge", "blocks allocated > blocks in image", (f, d) -> le(f, 0x184, 4, 0xffffffffL)));
        m.add(Mutation.of("bmap-entry-eof", "block map entry 0 names block 0x7ffffff0", (f, d) -> le(f, 0x200, 4, 0x7ffffff0L)));
        m.add(Mutation.of("bmap-entry-dup", "block map entries 0 and 1 name the same block", (f, d) -> le(f, 0x204, 4, 0)));
        return m;
    }

    /** VPC: big-endian footer (copy at 0 and at EOF), dynamic header at data_offset, BAT at table_offset. */
    private static List<Mutation> vpc() {
        List<Mutation> m = new ArrayList<>();
        m.add(vpcFooter("current-size-huge", "current size 2^63 - 1", 48, 8, 0x7fffffffffffffffL));
        m.add(vpcFooter("current-size-0", "current size 0", 48, 8, 0));
        m.add(vpcFooter("geometry-max", "geometry 65535/16/255", 56, 4, 0xffff10ffL));
        m.add(vpcFooter("disk-type-99", "disk type 99", 60, 4, 99));
        m.add(vpcFooter("disk-type-fixed", "dynamic image claiming to be fixed", 60, 4, 2));
        m.add(vpcFooter("data-offset-eof", "data offset past the end of file", 16, 8, 1L << 40));
        m.add(vpcFooter("data-offset-unaligned", "data offset 3", 16, 8, 3));
        m.add(vpcDynamic("table-offset-eof", "BAT offset past the end of file", 16, 8, 1L << 40));
        m.add(vpcDynamic("max-entries-huge", "max table entries 0xffffffff", 28, 4, 0xffffffffL));
        m.add(vpcDynamic("max-entries-0", "max table entries 0", 28, 4, 0));
        m.add(vpcDynamic("block-size-0", "block size 0", 32, 4, 0));
        m.add(vpcDynamic("block-size-3", "block size 3", 32, 4, 3));
        m.add(vpcDynamic("block-size-huge", "block size 0x80000000", 32, 4, 0x80000000L));
        m.add(Mutation.of("bad-checksum", "footer checksum wrong", (f, d) -> be(f, 64, 4, beAt(f, 64, 4) ^ 1)));
        m.add(Mutation.of("bat-entry-eof", "BAT entry 0 points past the end of file",
                (f, d) -> be(f, beAt(f, 0x200 + 16, 8), 4, 0x7ffffff0L)));
        m.add(Mutation.of("bat-entry-header", "BAT entry 0 points to the footer copy", (f, d) -> be(f, beAt(f, 0x200 + 16, 8), 4, 0)));
        return m;
    }

    private static Mutation vpcFooter(String name, String what, int off, int width, long value) {
        return Mutation.of(name, what, (f, d) -> {
            long end = ImageBytes.size(f) - 512;
            for (long base : new long[] {0, end}) {
                be(f, base + off, width, value);
                ImageBytes.fixVpcChecksum(f, base, 512, base + 64);
            }
        });
    }

    private static Mutation vpcDynamic(String name, String what, int off, int width, long value) {
        return Mutation.of(name, what, (f, d) -> {
            long dyn = beAt(f, 16, 8);
            be(f, dyn + off, width, value);
            ImageBytes.fixVpcChecksum(f, dyn, 1024, dyn + 36);
        });
    }

    /** VMDK sparse header, little endian: capacity 12, grain 20, desc 28/36, gtes 44, rgd 48, gd 56; descriptor text. */
    private static List<Mutation> vmdk() {
        List<Mutation> m = new ArrayList<>();
        m.add(Mutation.of("version-4", "version 4", (f, d) -> le(f, 4, 4, 4)));
        for (long v : new long[] {0, 0x7fffffffffffffffL, -1L}) {
            m.add(Mutation.of("capacity-" + Long.toHexString(v), "capacity " + Long.toUnsignedString(v) + " sectors", (f, d) -> le(f, 12, 8, v)));
        }
        for (long v : new long[] {0, 3, 1L << 40}) {
            m.add(Mutation.of("grain-" + Long.toHexString(v), "grain size " + v + " sectors", (f, d) -> le(f, 20, 8, v)));
        }
        m.add(Mutation.of("desc-offset-eof", "descriptor past the end of file", (f, d) -> le(f, 28, 8, 1L << 30)));
        m.add(Mutation.of("desc-size-huge", "descriptor size 2^40 sectors", (f, d) -> le(f, 36, 8, 1L << 40)));
        for (long v : new long[] {0, 1, 0xffffffffL}) {
            m.add(Mutation.of("gtes-" + Long.toHexString(v), "grain table entries per table " + v, (f, d) -> le(f, 44, 4, v)));
        }
        m.add(Mutation.of("gd-eof", "grain directory past the end of file", (f, d) -> le(f, 56, 8, 1L << 40)));
        m.add(Mutation.of("gd-zero", "grain directory at sector 0 (overlaps the header)", (f, d) -> le(f, 56, 8, 0)));
        m.add(Mutation.of("compress-99", "compression algorithm 99", (f, d) -> le(f, 77, 2, 99)));
        m.add(Mutation.of("gd-entry-eof", "grain directory entry 0 past the end of file", (f, d) -> le(f, leAt(f, 56, 8) * 512, 4, 0x7ffffff0L)));
        m.add(Mutation.of("gt-entry-eof", "grain table entry 0 past the end of file",
                (f, d) -> le(f, leAt(f, leAt(f, 56, 8) * 512, 4) * 512, 4, 0x7ffffff0L)));
        m.add(descriptor("extent-huge", "extent of 2^53 sectors", "RW 131072 SPARSE", "RW 9007199254740992 SPARSE"));
        m.add(descriptor("extent-negative", "extent of -1 sectors", "RW 131072 SPARSE", "RW -1 SPARSE"));
        m.add(descriptor("extent-absolute-missing", "FLAT extent naming an absolute missing file",
                "RW 131072 SPARSE \"", "RW 131072 FLAT \"/nonexistent/jiotests/"));
        m.add(descriptor("create-type-bogus", "createType \"bogus\"", "monolithicSparse", "bogusTypeXXXXXXX"));
        m.add(descriptor("parent-missing", "parentCID set with a parentFileNameHint that is missing",
                "parentCID=ffffffff", "parentCID=12345678\nparentFileNameHint=\"/nonexistent/p.vmdk\""));
        return m;
    }

    private static Mutation descriptor(String name, String what, String from, String to) {
        return Mutation.of(name, what, (f, d) -> {
            long off = leAt(f, 28, 8) * 512;
            int len = (int) Math.min(leAt(f, 36, 8) * 512, 1 << 16);
            String text = new String(ImageBytes.read(f, off, len), StandardCharsets.ISO_8859_1);
            int nul = text.indexOf('\0');
            String edited = (nul >= 0 ? text.substring(0, nul) : text).replace(from, to);
            byte[] out = new byte[len];
            byte[] e = edited.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(e, 0, out, 0, Math.min(e.length, len));
            ImageBytes.write(f, off, out);
        });
    }

    /** VHDX: headers at 64k/128k (CRC-32C over 4 KiB), region tables at 192k/256k (over 64 KiB), metadata items. */
    private static List<Mutation> vhdx() {
        List<Mutation> m = new ArrayList<>();
        m.add(vhdxHeaders("log-length-huge", "log length 0xfffff000 with a log GUID (forces a replay)", (f, h) -> {
            le(f, h + 48, 8, 0x1122334455667788L);
            le(f, h + 68, 4, 0xfffff000L);
        }));
        m.add(vhdxHeaders("log-offset-eof", "log offset past the end of file with a log GUID", (f, h) -> {
            le(f, h + 48, 8, 0x1122334455667788L);
            le(f, h + 72, 8, 1L << 40);
        }));
        m.add(vhdxHeaders("version-2", "header version 2", (f, h) -> le(f, h + 66, 2, 2)));
        m.add(Mutation.of("headers-bad-crc", "both headers with a wrong checksum", (f, d) -> {
            le(f, 0x10004, 4, leAt(f, 0x10004, 4) ^ 1);
            le(f, 0x20004, 4, leAt(f, 0x20004, 4) ^ 1);
        }));
        m.add(vhdxRegions("region-count-huge", "region entry count 0xffffffff", (f, r) -> le(f, r + 8, 4, 0xffffffffL)));
        m.add(vhdxRegions("bat-offset-eof", "BAT region past the end of file", (f, r) -> le(f, r + 32, 8, 1L << 40)));
        m.add(vhdxRegions("bat-offset-unaligned", "BAT region offset unaligned", (f, r) -> le(f, r + 32, 8, leAt(f, r + 32, 8) + 512)));
        m.add(vhdxRegions("bat-length-huge", "BAT region length 0xfff00000", (f, r) -> le(f, r + 40, 4, 0xfff00000L)));
        m.add(vhdxRegions("regions-overlap", "metadata region at the BAT's offset", (f, r) -> le(f, r + 64, 8, leAt(f, r + 32, 8))));
        m.add(Mutation.of("meta-count-huge", "metadata entry count 0xffff", (f, d) -> le(f, vhdxMeta(f) + 10, 2, 0xffff)));
        m.add(Mutation.of("meta-item-eof", "metadata item 0 offset 0xffffff00", (f, d) -> le(f, vhdxMeta(f) + 48, 4, 0xffffff00L)));
        for (long v : new long[] {0, 3, 0x80000000L}) {
            m.add(Mutation.of("block-size-" + Long.toHexString(v), "block size " + v,
                    (f, d) -> le(f, vhdxMeta(f) + leAt(f, vhdxMeta(f) + 48, 4), 4, v)));
        }
        for (long v : new long[] {0, 0x7fffffffffffffffL, -1L}) {
            m.add(Mutation.of("disk-size-" + Long.toHexString(v), "virtual disk size " + Long.toUnsignedString(v),
                    (f, d) -> le(f, vhdxMeta(f) + leAt(f, vhdxMeta(f) + 80, 4), 8, v)));
        }
        // BAT entries (the BAT at 2 MiB; block 0 holds the base's data at 8 MiB, the file is 16 MiB)
        m.add(Mutation.of("bat-entry-eof", "payload block 1 fully present at 1 TiB",
                (f, d) -> le(f, 0x200008, 8, (1L << 40) | 6)));
        m.add(Mutation.of("bat-entry-end-eof", "payload block 1 fully present 1 MiB before the end of file",
                (f, d) -> le(f, 0x200008, 8, ((ImageBytes.size(f) >> 20) - 1) << 20 | 6)));
        m.add(Mutation.of("bat-entry-in-log", "payload block 1 fully present inside the log",
                (f, d) -> le(f, 0x200008, 8, leAt(f, 0x10000 + 72, 8) | 6)));
        m.add(Mutation.of("bat-entry-offset-0", "payload block 0 fully present at offset 0 (the headers)",
                (f, d) -> le(f, 0x200000, 8, 6)));
        m.add(Mutation.of("bat-entry-reserved-bits", "payload block 0 with reserved bits 3-19 set",
                (f, d) -> le(f, 0x200000, 8, leAt(f, 0x200000, 8) | 0xffff8)));
        m.add(vhdxRegions("bat-length-0", "BAT region length 0", (f, r) -> le(f, r + 40, 4, 0)));
        // metadata items (the table's entries: file parameters, disk size, page 83, logical, physical sector size)
        m.add(Mutation.of("logical-sector-4096", "logical sector size 4096",
                (f, d) -> le(f, vhdxMeta(f) + leAt(f, vhdxMeta(f) + 144, 4), 4, 4096)));
        m.add(Mutation.of("logical-sector-1000", "logical sector size 1000",
                (f, d) -> le(f, vhdxMeta(f) + leAt(f, vhdxMeta(f) + 144, 4), 4, 1000)));
        m.add(Mutation.of("has-parent", "file parameters: has parent (no parent locator)",
                (f, d) -> le(f, vhdxMeta(f) + leAt(f, vhdxMeta(f) + 48, 4) + 4, 4, 2)));
        m.add(Mutation.of("meta-item-length-huge", "file parameters item length 0xffffffff",
                (f, d) -> le(f, vhdxMeta(f) + 52, 4, 0xffffffffL)));
        // the log: the base's log still holds the entry that journalled block 0's BAT update
        m.add(vhdxHeaders("log-replay-needed", "log GUID of the entry left in the log (a replay is due)",
                (f, h) -> ImageBytes.write(f, h + 48, ImageBytes.read(f, leAt(f, 0x10000 + 72, 8) + 32, 16))));
        m.add(Mutation.of("log-desc-out-of-range", "log entry due for replay, its descriptor's file offset 2^50",
                (f, d) -> {
                    long log = leAt(f, 0x10000 + 72, 8);
                    le(f, log + 64 + 16, 8, 1L << 50);
                    ImageBytes.fixCrc32c(f, log, (int) leAt(f, log + 8, 4), log + 4);
                    for (long h : new long[] {0x10000, 0x20000}) {
                        ImageBytes.write(f, h + 48, ImageBytes.read(f, log + 32, 16));
                        ImageBytes.fixCrc32c(f, h, 4096, h + 4);
                    }
                }));
        m.add(Mutation.of("log-entry-length-huge", "log entry due for replay claiming a length of 0xfffff000",
                (f, d) -> {
                    long log = leAt(f, 0x10000 + 72, 8);
                    le(f, log + 8, 4, 0xfffff000L);
                    for (long h : new long[] {0x10000, 0x20000}) {
                        ImageBytes.write(f, h + 48, ImageBytes.read(f, log + 32, 16));
                        ImageBytes.fixCrc32c(f, h, 4096, h + 4);
                    }
                }));
        return m;
    }

    private interface At {
        void apply(Path f, long base);
    }

    private static Mutation vhdxHeaders(String name, String what, At edit) {
        return Mutation.of(name, what, (f, d) -> {
            for (long h : new long[] {0x10000, 0x20000}) {
                edit.apply(f, h);
                ImageBytes.fixCrc32c(f, h, 4096, h + 4);
            }
        });
    }

    private static Mutation vhdxRegions(String name, String what, At edit) {
        return Mutation.of(name, what, (f, d) -> {
            for (long r : new long[] {0x30000, 0x40000}) {
                edit.apply(f, r);
                ImageBytes.fixCrc32c(f, r, 65536, r + 4);
            }
        });
    }

    /** The metadata region's offset: the region table entry after the BAT's (as qemu-img creates them). */
    private static long vhdxMeta(Path f) {
        return leAt(f, 0x30000 + 64, 8);
    }

    /** Parallels header, little endian: tracks 28, bat_entries 32, nb_sectors 36, inuse 44, data_off 48; BAT at 64. */
    private static List<Mutation> parallels() {
        List<Mutation> m = new ArrayList<>();
        m.add(Mutation.of("version-3", "version 3", (f, d) -> le(f, 16, 4, 3)));
        for (long v : new long[] {0, 1, 0x80000000L, 0xffffffffL}) {
            m.add(Mutation.of("tracks-" + Long.toHexString(v), "cluster size " + v + " sectors", (f, d) -> le(f, 28, 4, v)));
        }
        for (long v : new long[] {0, 0xffffffffL}) {
            m.add(Mutation.of("bat-entries-" + Long.toHexString(v), "bat_entries " + v, (f, d) -> le(f, 32, 4, v)));
        }
        for (long v : new long[] {0, 0x7fffffffffffffffL, -1L}) {
            m.add(Mutation.of("nb-sectors-" + Long.toHexString(v), "nb_sectors " + Long.toUnsignedString(v), (f, d) -> le(f, 36, 8, v)));
        }
        m.add(Mutation.of("inuse", "image marked in use (dirty)", (f, d) -> le(f, 44, 4, 0x746F6E59L)));
        m.add(Mutation.of("data-off-eof", "data_off past the end of file", (f, d) -> le(f, 48, 4, 0x7ffffff0L)));
        m.add(Mutation.of("data-off-zero-overlap", "data_off 1 (data overlaps the header)", (f, d) -> le(f, 48, 4, 1)));
        m.add(Mutation.of("ext-off-eof", "format extension past the end of file", (f, d) -> le(f, 56, 8, 1L << 40)));
        m.add(Mutation.of("bat-entry-eof", "BAT entry 0 past the end of file", (f, d) -> le(f, 64, 4, 0x7ffffff0L)));
        m.add(Mutation.of("bat-entry-cleared", "BAT entry 0 cleared (cluster unallocated)", (f, d) -> le(f, 64, 4, 0)));
        m.add(Mutation.of("bat-entry-dup", "BAT entries 0 and 1 name the same cluster", (f, d) -> le(f, 68, 4, leAt(f, 64, 4))));
        return m;
    }
}
