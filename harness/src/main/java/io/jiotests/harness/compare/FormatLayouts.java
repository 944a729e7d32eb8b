package io.jiotests.harness.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The layout of an image file for byte comparison, per format: qcow2 walks its metadata
 * ({@link Qcow2Layout}); vdi, vpc, vhdx and vmdk get their headers named and their random ids, checksums
 * over them and timestamps masked; raw (and any other format) is all "data".
 */
public final class FormatLayouts {
    private static final byte[] VHDX_METADATA_REGION = guid("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    private static final byte[] VHDX_BAT_REGION = guid("2DC27766-F623-4200-9D64-115E9BFD4A08");
    private static final byte[] VHDX_PAGE83 = guid("BECA12AB-B2E6-4523-93EF-C309E000C746");

    private FormatLayouts() {
    }

    /** The layout of {@code image} read as format {@code fmt}. */
    public static ImageLayout of(Path image, String fmt) throws IOException {
        return switch (fmt) {
            case "qcow2" -> Qcow2Layout.of(image);
            case "vpc" -> vpc(image);
            case "vdi" -> vdi(image);
            case "vhdx" -> vhdx(image);
            case "vmdk" -> vmdk(image);
            default -> new ImageLayout(fmt, "data");
        };
    }

    /** VDI: the header (little endian) with its random image and last-snapshot UUIDs masked, the block map. */
    private static ImageLayout vdi(Path image) throws IOException {
        ImageLayout l = new ImageLayout("vdi", "data");
        try (ImageReader r = new ImageReader(image)) {
            if (r.size() >= 512) {
                l.region(0, 512, "header");
                l.region(0x188, 16, "header.uuid_image");
                l.region(0x198, 16, "header.uuid_last_snap");
                l.mask(0x188, 16, "header.uuid_image");
                l.mask(0x198, 16, "header.uuid_last_snap");
                ByteBuffer h = r.read(0x154, 0x34, ByteOrder.LITTLE_ENDIAN);
                long bmap = Integer.toUnsignedLong(h.getInt(0));
                long blocks = Integer.toUnsignedLong(h.getInt(0x180 - 0x154));
                if (r.inFile(bmap, blocks * 4) && blocks > 0) {
                    l.region(bmap, blocks * 4, "block map");
                }
            }
        }
        return l;
    }

    private static ImageLayout vpc(Path image) throws IOException {
        ImageLayout l = new ImageLayout("vpc", "data");
        try (ImageReader r = new ImageReader(image)) {
            if (r.size() >= 512) {
                vpcFooter(r, l, r.size() - 512, "footer");
                if (ascii(r, 0, 8).equals("conectix") && r.size() > 512) {
                    vpcFooter(r, l, 0, "footer copy");
                    long dyn = r.be64(16);
                    if (r.inFile(dyn, 1024) && ascii(r, dyn, 8).equals("cxsparse")) {
                        l.region(dyn, 1024, "dynamic header");
                        l.region(dyn + 36, 4, "dynamic header.checksum");
                        long bat = r.be64(dyn + 16);
                        long entries = Integer.toUnsignedLong(r.be32(dyn + 28));
                        if (r.inFile(bat, entries * 4)) {
                            l.region(bat, entries * 4, "BAT");
                        }
                    }
                }
            }
        }
        return l;
    }

    private static void vpcFooter(ImageReader r, ImageLayout l, long off, String name) throws IOException {
        if (!ascii(r, off, 8).equals("conectix")) {
            return;
        }
        l.region(off, 512, name);
        l.region(off + 24, 4, name + ".timestamp");
        l.region(off + 64, 4, name + ".checksum");
        l.region(off + 68, 16, name + ".uuid");
        l.mask(off + 24, 4, name + ".timestamp");
        l.mask(off + 64, 4, name + ".checksum");
        l.mask(off + 68, 16, name + ".uuid");
    }

    private static ImageLayout vhdx(Path image) throws IOException {
        ImageLayout l = new ImageLayout("vhdx", "data");
        try (ImageReader r = new ImageReader(image)) {
            l.region(0, 8, "file identifier.signature");
            l.region(8, 512, "file identifier.creator");
            for (int h = 1; h <= 2; h++) {
                long off = h * 65536L;
                String n = "header " + h;
                l.region(off, 4096, n);
                l.region(off + 4, 4, n + ".checksum");
                l.region(off + 8, 8, n + ".sequence_number");
                l.region(off + 16, 16, n + ".file_write_guid");
                l.region(off + 32, 16, n + ".data_write_guid");
                l.region(off + 48, 16, n + ".log_guid");
                l.mask(off + 4, 4, n + ".checksum");
                l.mask(off + 8, 8, n + ".sequence_number"); // starts at a random value
                l.mask(off + 16, 16, n + ".file_write_guid");
                l.mask(off + 32, 16, n + ".data_write_guid");
            }
            vhdxLog(r, l);
            long metadata = 0;
            for (int t = 0; t < 2; t++) {
                long off = (3 + t) * 65536L;
                l.region(off, 65536, "region table " + (t + 1));
                int count = r.read(off + 8, 4, ByteOrder.LITTLE_ENDIAN).getInt();
                for (int i = 0; i < Math.min(count, 2047); i++) {
                    ByteBuffer e = r.read(off + 16 + i * 32L, 32, ByteOrder.LITTLE_ENDIAN);
                    long fileOff = e.getLong(16);
                    long len = Integer.toUnsignedLong(e.getInt(24));
                    if (!r.inFile(fileOff, len)) {
                        continue;
                    }
                    if (regionIs(e, VHDX_METADATA_REGION)) {
                        l.region(fileOff, len, "metadata region");
                        metadata = fileOff;
                    } else if (regionIs(e, VHDX_BAT_REGION)) {
                        l.region(fileOff, len, "BAT");
                    }
                }
            }
            if (metadata != 0) {
                int count = r.read(metadata + 10, 2, ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
                for (int i = 0; i < Math.min(count, 2047); i++) {
                    ByteBuffer e = r.read(metadata + 32 + i * 32L, 32, ByteOrder.LITTLE_ENDIAN);
                    long itemOff = metadata + Integer.toUnsignedLong(e.getInt(16));
                    long len = Integer.toUnsignedLong(e.getInt(20));
                    if (regionIs(e, VHDX_PAGE83) && r.inFile(itemOff, len) && len > 0) {
                        l.region(itemOff, len, "metadata.page83_data");
                        l.mask(itemOff, len, "metadata.page83_data");
                    }
                }
            }
        }
        return l;
    }

    /**
     * The entries left in a VHDX log (header 1's log region): each entry's log GUID is random, and
     * so is its checksum over it; the padding after the last descriptor holds stale buffer bytes.
     */
    private static void vhdxLog(ImageReader r, ImageLayout l) throws IOException {
        ByteBuffer h = r.read(65536 + 64, 16, ByteOrder.LITTLE_ENDIAN);
        long logLen = Integer.toUnsignedLong(h.getInt(4));
        long logOff = h.getLong(8);
        if (logOff <= 0 || logLen == 0 || logLen > (32L << 20) || !r.inFile(logOff, logLen)) {
            return;
        }
        for (long sec = logOff; sec < logOff + logLen; sec += 4096) {
            if (!ascii(r, sec, 4).equals("loge")) {
                continue;
            }
            long count = Integer.toUnsignedLong(r.read(sec + 24, 4, ByteOrder.LITTLE_ENDIAN).getInt());
            l.region(sec, 64, "log entry header");
            l.mask(sec + 4, 4, "log entry.checksum");
            l.mask(sec + 32, 16, "log entry.log_guid");
            long descEnd = sec + 64 + 32 * Math.min(count, 4096);
            long padEnd = sec + (descEnd - sec + 4095) / 4096 * 4096;
            if (padEnd > descEnd && r.inFile(descEnd, padEnd - descEnd)) {
                l.mask(descEnd, padEnd - descEnd, "log entry.padding");
            }
        }
    }

    private static ImageLayout vmdk(Path image) throws IOException {
        ImageLayout l = new ImageLayout("vmdk", "data");
        try (ImageReader r = new ImageReader(image)) {
            long descOff = 0;
            long descLen = Math.min(r.size(), 65536);
            if (ascii(r, 0, 4).equals("KDMV")) {
                ByteBuffer h = r.read(0, 80, ByteOrder.LITTLE_ENDIAN);
                l.region(0, 4, "header.magic");
                l.region(4, 4, "header.version");
                l.region(28, 8, "header.desc_offset");
                l.region(36, 8, "header.desc_size");
                l.region(48, 8, "header.rgd_offset");
                l.region(56, 8, "header.gd_offset");
                descOff = h.getLong(28) * 512;
                descLen = Math.min(h.getLong(36), 2048) * 512;
                if (descOff == 0 || !r.inFile(descOff, descLen)) {
                    return l;
                }
            }
            if (descLen <= 0) {
                return l;
            }
            String text = new String(r.read(descOff, (int) descLen, ByteOrder.LITTLE_ENDIAN).array(),
                    StandardCharsets.ISO_8859_1);
            if (!text.contains("# Disk DescriptorFile")) {
                return l;
            }
            l.region(descOff, descLen, "descriptor");
            // every "key=value" and extent line named, so a difference says which entry it is in
            int pos = 0;
            while (pos < text.length() && text.charAt(pos) != 0) {
                int eol = text.indexOf('\n', pos);
                int end = eol < 0 ? text.length() : eol;
                String line = text.substring(pos, end);
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).strip().matches("[A-Za-z][A-Za-z0-9_.]*")) {
                    l.region(descOff + pos, end - pos, "descriptor." + line.substring(0, eq).strip());
                } else if (line.matches("(RW|RDONLY|NOACCESS) .*")) {
                    l.region(descOff + pos, end - pos, "descriptor extent line");
                }
                pos = end + 1;
            }
            // both CIDs are random (the parent's is the backing image's CID)
            for (String key : new String[] {"CID", "parentCID"}) {
                int at = text.startsWith(key + "=") ? 0 : text.indexOf("\n" + key + "=");
                if (at >= 0) {
                    int start = text.indexOf(key + "=", at) + key.length() + 1;
                    int end = start;
                    while (end < text.length() && Character.digit(text.charAt(end), 16) >= 0) {
                        end++;
                    }
                    l.region(descOff + start, end - start, "descriptor." + key);
                    l.mask(descOff + start, end - start, "descriptor." + key);
                }
            }
        }
        return l;
    }

    private static boolean regionIs(ByteBuffer entry, byte[] guid) {
        for (int i = 0; i < 16; i++) {
            if (entry.get(i) != guid[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(ImageReader r, long off, int len) throws IOException {
        return new String(r.read(off, len, ByteOrder.BIG_ENDIAN).array(), StandardCharsets.ISO_8859_1);
    }

    /** A GUID's on-disk bytes (the first three groups little-endian, as VHDX stores them). */
    static byte[] guid(String text) {
        byte[] b = HexFormat.of().parseHex(text.replace("-", ""));
        byte[] out = b.clone();
        int[][] swaps = {{0, 4}, {4, 2}, {6, 2}};
        for (int[] s : swaps) {
            for (int i = 0; i < s[1]; i++) {
                out[s[0] + i] = b[s[0] + s[1] - 1 - i];
            }
        }
        return out;
    }
}
