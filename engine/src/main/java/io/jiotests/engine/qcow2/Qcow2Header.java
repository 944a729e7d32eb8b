package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The qcow2 image header (docs/interop/qcow2.txt "Header"), big-endian, with its header
 * extensions. {@link #parse} reads and validates the fixed fields; {@link #serialize} lays the
 * header out in one cluster the way QEMU's header update does: fixed fields, then the backing
 * format, external data file, feature name table (v3 only), bitmaps and unknown extensions, the
 * end marker, and the backing file name right after it.
 */
public final class Qcow2Header {
    public static final int MAGIC = 0x514649fb;
    public static final int V2_HEADER_LENGTH = 72;
    public static final int V3_HEADER_LENGTH = 112;

    public static final int EXT_END = 0;
    public static final int EXT_BACKING_FORMAT = 0xe2792aca;
    public static final int EXT_FEATURE_TABLE = 0x6803f857;
    public static final int EXT_CRYPTO = 0x0537be77;
    public static final int EXT_BITMAPS = 0x23852875;
    public static final int EXT_DATA_FILE = 0x44415441;

    public static final long INCOMPAT_DIRTY = 1L;
    public static final long INCOMPAT_CORRUPT = 1L << 1;
    public static final long INCOMPAT_DATA_FILE = 1L << 2;
    public static final long INCOMPAT_COMPRESSION = 1L << 3;
    public static final long INCOMPAT_EXTL2 = 1L << 4;
    public static final long INCOMPAT_MASK = 0x1f;
    public static final long COMPAT_LAZY_REFCOUNTS = 1L;
    public static final long COMPAT_MASK = 1L;
    public static final long AUTOCLEAR_BITMAPS = 1L;
    public static final long AUTOCLEAR_DATA_FILE_RAW = 1L << 1;
    public static final long AUTOCLEAR_MASK = 3L;

    public static final int COMPRESSION_ZLIB = 0;
    public static final int COMPRESSION_ZSTD = 1;

    /** One header extension as stored: type and the unpadded data. */
    public record Extension(int type, byte[] data) {
    }

    /** The feature name table QEMU writes, in its order: (type, bit, name). */
    private static final Object[][] FEATURES = {
        {0, 0, "dirty bit"}, {0, 1, "corrupt bit"}, {0, 2, "external data file"},
        {0, 3, "compression type"}, {0, 4, "extended L2 entries"}, {1, 0, "lazy refcounts"},
        {2, 0, "bitmaps"}, {2, 1, "raw external data"},
    };

    public int version;
    public long backingFileOffset;
    public int backingFileSize;
    public int clusterBits;
    public long size;
    public int cryptMethod;
    public int l1Size;
    public long l1TableOffset;
    public long refcountTableOffset;
    public int refcountTableClusters;
    public int nbSnapshots;
    public long snapshotsOffset;
    public long incompatibleFeatures;
    public long compatibleFeatures;
    public long autoclearFeatures;
    public int refcountOrder = 4;
    public int headerLength = V2_HEADER_LENGTH;
    public int compressionType = COMPRESSION_ZLIB;

    /** Backing file name (from backing_file_offset), or null. */
    public String backingFile;
    /** Backing format extension, or null. */
    public String backingFormat;
    /** External data file extension, or null. */
    public String dataFile;
    /** The bitmaps extension's data, kept as is, or null. */
    public byte[] bitmapsExtension;
    /** The full disk encryption header pointer (offset, length of the LUKS header), or null. */
    public byte[] cryptoExtension;
    /** Extensions this driver does not interpret, in file order (preserved on rewrite). */
    public final List<Extension> unknownExtensions = new ArrayList<>();
    /** Feature names from the image's feature table: key (type << 8 | bit) to name. */
    public final java.util.Map<Integer, String> featureNames = new java.util.LinkedHashMap<>();

    public int clusterSize() {
        return 1 << clusterBits;
    }

    public boolean hasExtendedL2() {
        return (incompatibleFeatures & INCOMPAT_EXTL2) != 0;
    }

    public boolean hasDataFile() {
        return (incompatibleFeatures & INCOMPAT_DATA_FILE) != 0;
    }

    /** The bytes of a version 3 header without extensions (header_length's minimum). */
    static final int V3_MIN_HEADER_BYTES = 104;

    /**
     * Parses the header from the start of the image ({@code buf} holds at least the first
     * cluster or the whole file if shorter; {@code fileLength} is the image file size). The error
     * messages are QEMU's for the same defects.
     */
    public static Qcow2Header parse(byte[] buf, int len) throws BlockException {
        if (len < V2_HEADER_LENGTH) {
            throw new BlockException(Errno.EIO, "Could not read qcow2 header: Input/output error");
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.BIG_ENDIAN);
        Qcow2Header h = new Qcow2Header();
        if (b.getInt(0) != MAGIC) {
            throw new BlockException(Errno.EINVAL, "Image is not in qcow2 format");
        }
        h.version = b.getInt(4);
        if (h.version < 2 || h.version > 3) {
            throw new BlockException(Errno.ENOTSUP, "Unsupported qcow2 version " + Integer.toUnsignedString(h.version));
        }
        h.backingFileOffset = b.getLong(8);
        h.backingFileSize = b.getInt(16);
        h.clusterBits = b.getInt(20);
        if (h.clusterBits < 9 || h.clusterBits > 21) {
            throw new BlockException(Errno.EINVAL, "Unsupported cluster size: 2^"
                    + Integer.toUnsignedString(h.clusterBits));
        }
        h.size = b.getLong(24);
        h.cryptMethod = b.getInt(32);
        h.l1Size = b.getInt(36);
        h.l1TableOffset = b.getLong(40);
        h.refcountTableOffset = b.getLong(48);
        h.refcountTableClusters = b.getInt(56);
        h.nbSnapshots = b.getInt(60);
        h.snapshotsOffset = b.getLong(64);
        if (h.version == 2) {
            h.refcountOrder = 4;
            h.headerLength = V2_HEADER_LENGTH;
        } else {
            if (len < 104) {
                throw new BlockException(Errno.EIO, "Could not read qcow2 header: Input/output error");
            }
            h.incompatibleFeatures = b.getLong(72);
            h.compatibleFeatures = b.getLong(80);
            h.autoclearFeatures = b.getLong(88);
            h.refcountOrder = b.getInt(96);
            h.headerLength = b.getInt(100);
            if (Integer.toUnsignedLong(h.headerLength) < 104) {
                throw new BlockException(Errno.EINVAL, "qcow2 header too short");
            }
            if (Integer.toUnsignedLong(h.headerLength) > h.clusterSize()) {
                throw new BlockException(Errno.EINVAL, "qcow2 header exceeds cluster size");
            }
            if (h.headerLength > 104 && len > 104) {
                h.compressionType = buf[104] & 0xff;
            }
        }
        return h;
    }

    /**
     * Reads the header extensions that follow the fixed header, up to {@code end} (the backing
     * file offset if there is one, else the cluster size).
     */
    void parseExtensions(byte[] buf, int len, long end) throws BlockException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.BIG_ENDIAN);
        long off = headerLength;
        while (true) {
            if (off >= end) {
                return;
            }
            if (off + 8 > len) {
                throw new BlockException(Errno.EIO,
                        "qcow2_read_extension: ERROR: pread fail from offset " + off);
            }
            int type = b.getInt((int) off);
            long extLen = Integer.toUnsignedLong(b.getInt((int) off + 4));
            off += 8;
            if (type == EXT_END) {
                return;
            }
            if (off > end || extLen > end - off) {
                throw new BlockException(Errno.EINVAL, "Header extension too large");
            }
            byte[] data = new byte[(int) extLen];
            System.arraycopy(buf, (int) off, data, 0, (int) extLen);
            switch (type) {
                case EXT_BACKING_FORMAT -> {
                    if (extLen >= 16) {
                        throw new BlockException(Errno.EINVAL, "ERROR: ext_backing_format: len=" + extLen
                                + " too large (>=16)");
                    }
                    backingFormat = new String(data, StandardCharsets.UTF_8);
                }
                case EXT_FEATURE_TABLE -> {
                    for (int i = 0; i + 48 <= data.length; i += 48) {
                        int t = data[i] & 0xff;
                        int bit = data[i + 1] & 0xff;
                        int n = 0;
                        while (n < 46 && data[i + 2 + n] != 0) {
                            n++;
                        }
                        featureNames.put(t << 8 | bit,
                                new String(data, i + 2, n, StandardCharsets.UTF_8));
                    }
                }
                case EXT_DATA_FILE -> dataFile = new String(data, StandardCharsets.UTF_8);
                case EXT_BITMAPS -> bitmapsExtension = data;
                case EXT_CRYPTO -> cryptoExtension = data;
                default -> unknownExtensions.add(new Extension(type, data));
            }
            off += (extLen + 7) & ~7L;
        }
    }

    /**
     * Lays the header out in a buffer of {@code clusterSize} bytes, as QEMU rewrites it. Sets
     * headerLength, backingFileOffset and backingFileSize to what it wrote.
     */
    public byte[] serialize() throws BlockException {
        int cs = clusterSize();
        ByteBuffer b = ByteBuffer.allocate(cs).order(ByteOrder.BIG_ENDIAN);
        int hlen = version >= 3 ? V3_HEADER_LENGTH : V2_HEADER_LENGTH;
        headerLength = hlen;
        b.position(hlen);
        if (backingFormat != null) {
            putExtension(b, EXT_BACKING_FORMAT, backingFormat.getBytes(StandardCharsets.UTF_8));
        }
        if (dataFile != null) {
            putExtension(b, EXT_DATA_FILE, dataFile.getBytes(StandardCharsets.UTF_8));
        }
        if (cryptoExtension != null) {
            putExtension(b, EXT_CRYPTO, cryptoExtension);
        }
        // QEMU leaves the feature name table out of images with clusters of 4 KiB or less
        if (version >= 3 && cs > 4096) {
            byte[] table = new byte[FEATURES.length * 48];
            for (int i = 0; i < FEATURES.length; i++) {
                table[i * 48] = (byte) (int) (Integer) FEATURES[i][0];
                table[i * 48 + 1] = (byte) (int) (Integer) FEATURES[i][1];
                byte[] name = ((String) FEATURES[i][2]).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(name, 0, table, i * 48 + 2, name.length);
            }
            putExtension(b, EXT_FEATURE_TABLE, table);
        }
        if (bitmapsExtension != null) {
            putExtension(b, EXT_BITMAPS, bitmapsExtension);
        }
        for (Extension e : unknownExtensions) {
            putExtension(b, e.type(), e.data());
        }
        putExtension(b, EXT_END, new byte[0]);
        if (backingFile != null) {
            byte[] name = backingFile.getBytes(StandardCharsets.UTF_8);
            if (name.length > b.remaining()) {
                throw new BlockException(Errno.ENOSPC, "Backing file name too long");
            }
            backingFileOffset = b.position();
            backingFileSize = name.length;
            b.put(name);
        } else {
            backingFileOffset = 0;
            backingFileSize = 0;
        }
        b.putInt(0, MAGIC);
        b.putInt(4, version);
        b.putLong(8, backingFileOffset);
        b.putInt(16, backingFileSize);
        b.putInt(20, clusterBits);
        b.putLong(24, size);
        b.putInt(32, cryptMethod);
        b.putInt(36, l1Size);
        b.putLong(40, l1TableOffset);
        b.putLong(48, refcountTableOffset);
        b.putInt(56, refcountTableClusters);
        b.putInt(60, nbSnapshots);
        b.putLong(64, snapshotsOffset);
        if (version >= 3) {
            b.putLong(72, incompatibleFeatures);
            b.putLong(80, compatibleFeatures);
            b.putLong(88, autoclearFeatures);
            b.putInt(96, refcountOrder);
            b.putInt(100, hlen);
            b.put(104, (byte) compressionType);
        }
        return b.array();
    }

    private static void putExtension(ByteBuffer b, int type, byte[] data) throws BlockException {
        int padded = (data.length + 7) & ~7;
        if (b.remaining() < 8 + padded) {
            throw new BlockException(Errno.ENOSPC, "Header extensions too large");
        }
        b.putInt(type);
        b.putInt(data.length);
        b.put(data);
        b.position(b.position() + padded - data.length);
    }
}
