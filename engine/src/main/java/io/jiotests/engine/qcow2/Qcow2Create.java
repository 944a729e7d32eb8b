package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;

/**
 * Image creation in QEMU's steps, so that the result is byte-identical to qemu-img's: a minimal
 * header with a one-cluster refcount table and one refcount block, the first three clusters
 * counted, the full header with extensions written, the disk grown to its size (L1 table plus
 * preallocation), and the backing file recorded last.
 */
public final class Qcow2Create {
    /** Validated creation parameters. */
    public record Params(long size, int version, int clusterSize, boolean extendedL2,
                         Preallocation prealloc, String backingFile, String backingFormat,
                         boolean lazyRefcounts, int refcountBits, String dataFile,
                         boolean dataFileRaw, int compressionType) {
    }

    private Qcow2Create() {
    }

    /** Parses and checks the qcow2 creation options with qemu's error texts. */
    public static Params parse(OptionValues o) throws BlockException {
        long size = o.getSize("size", 0);
        size = (size + 511) & ~511L;
        int version = 3;
        String compat = o.get("compat");
        if (compat != null) {
            version = switch (compat) {
                case "0.10", "v2" -> 2;
                case "1.1", "v3" -> 3;
                default -> throw new BlockException(Errno.EINVAL,
                        "Parameter 'version' does not accept value '" + compat + "'");
            };
        }
        if (o.has("version")) {
            throw new BlockException(Errno.EINVAL, "Invalid parameter 'version'");
        }
        long clusterSize = o.getSize("cluster_size", 65536);
        boolean extL2 = o.getFlag("extended_l2", false);
        if (clusterSize < 512 || clusterSize > (2 << 20) || Long.bitCount(clusterSize) != 1) {
            throw new BlockException(Errno.EINVAL,
                    "Cluster size must be a power of two between 512 and 2048k");
        }
        if (extL2 && clusterSize < 16384) {
            throw new BlockException(Errno.EINVAL, "Extended L2 entries are only supported with "
                    + "cluster sizes of at least 16384 bytes");
        }
        Preallocation prealloc = Preallocation.OFF;
        String pv = o.get("preallocation");
        if (pv != null) {
            try {
                prealloc = Preallocation.parse(pv);
            } catch (BlockException e) {
                throw new BlockException(Errno.EINVAL,
                        "Parameter 'preallocation' does not accept value '" + pv + "'");
            }
        }
        String backing = o.get("backing_file");
        String backingFmt = o.get("backing_fmt");
        if (extL2 && version < 3) {
            throw new BlockException(Errno.EINVAL, "Extended L2 entries are only supported with "
                    + "compatibility level 1.1 and above (use version=v3 or greater)");
        }
        if (backing != null && prealloc != Preallocation.OFF && !extL2) {
            throw new BlockException(Errno.EINVAL, "Backing file and preallocation can only be "
                    + "used at the same time if extended_l2 is on");
        }
        if (backingFmt != null && backing == null) {
            throw new BlockException(Errno.EINVAL,
                    "Backing format cannot be used without backing file");
        }
        boolean lazy = o.getFlag("lazy_refcounts", false);
        if (version < 3 && lazy) {
            throw new BlockException(Errno.EINVAL, "Lazy refcounts only supported with "
                    + "compatibility level 1.1 and above (use version=v3 or greater)");
        }
        long refcountBits = o.getNumber("refcount_bits", 16);
        if (refcountBits > 64 || refcountBits <= 0 || Long.bitCount(refcountBits) != 1) {
            throw new BlockException(Errno.EINVAL,
                    "Refcount width must be a power of two and may not exceed 64 bits");
        }
        if (version < 3 && refcountBits != 16) {
            throw new BlockException(Errno.EINVAL, "Different refcount widths than 16 bits "
                    + "require compatibility level 1.1 or above (use version=v3 or greater)");
        }
        String dataFile = o.get("data_file");
        boolean raw = o.getFlag("data_file_raw", false);
        if (raw && dataFile == null) {
            throw new BlockException(Errno.EINVAL, "data-file-raw requires data-file");
        }
        if (raw && backing != null) {
            throw new BlockException(Errno.EINVAL,
                    "Backing file and data-file-raw cannot be used at the same time");
        }
        if (dataFile != null && version < 3) {
            throw new BlockException(Errno.EINVAL, "External data files are only supported with "
                    + "compatibility level 1.1 and above (use version=v3 or greater)");
        }
        int ctype = Qcow2Header.COMPRESSION_ZLIB;
        String ct = o.get("compression_type");
        if (ct != null) {
            ctype = switch (ct) {
                case "zlib" -> Qcow2Header.COMPRESSION_ZLIB;
                case "zstd" -> Qcow2Header.COMPRESSION_ZSTD;
                default -> throw new BlockException(Errno.EINVAL,
                        "Parameter 'compression-type' does not accept value '" + ct + "'");
            };
            if (ctype != Qcow2Header.COMPRESSION_ZLIB && version < 3) {
                throw new BlockException(Errno.EINVAL, "Non-zlib compression type is only "
                        + "supported with compatibility level 1.1 and above (use version=v3 or "
                        + "greater)");
            }
        }
        checkEncryption(o);
        if (raw && prealloc == Preallocation.OFF) {
            // a raw external data file must be mapped one to one from the start
            prealloc = Preallocation.METADATA;
        }
        return new Params(size, version, (int) clusterSize, extL2, prealloc, backing, backingFmt,
                lazy, (int) refcountBits, dataFile, raw, ctype);
    }

    /**
     * The encryption options as qemu-img checks them first (the alias "encryption" means aes).
     */
    static void checkEncryption(OptionValues o) throws BlockException {
        boolean alias = o.has("encryption") && o.getFlag("encryption", false);
        String format = o.get("encrypt.format");
        if (alias && format != null) {
            throw new BlockException(Errno.EINVAL,
                    "'encrypt.format' and its alias 'encryption' can't be used at the same time");
        }
        if (format == null && !alias) {
            return;
        }
        if (format != null && !format.equals("aes") && !format.equals("luks")) {
            throw new BlockException(Errno.EINVAL, "Parameter 'format' does not accept value '" + format + "'");
        }
        String secret = o.get("encrypt.key-secret");
        if (secret == null) {
            throw new BlockException(Errno.EINVAL, "Parameter 'encrypt.key-secret' is required for cipher");
        }
        // the secret and the algorithms are Qcow2CryptoCreate's
    }

    /**
     * Formats the empty protocol node {@code file} as a qcow2 image; {@code dataFile} is the
     * already created external data file node (or null).
     */
    public static void format(BlockNode file, BlockNode dataFile, Params p) throws BlockException {
        int cs = p.clusterSize();
        Qcow2Header h = new Qcow2Header();
        h.version = p.version();
        h.clusterBits = Integer.numberOfTrailingZeros(cs);
        h.refcountTableOffset = cs;
        h.refcountTableClusters = 1;
        h.refcountOrder = Integer.numberOfTrailingZeros(p.refcountBits());
        h.compressionType = p.compressionType();
        if (p.lazyRefcounts()) {
            h.compatibleFeatures |= Qcow2Header.COMPAT_LAZY_REFCOUNTS;
        }
        if (dataFile != null) {
            h.incompatibleFeatures |= Qcow2Header.INCOMPAT_DATA_FILE;
        }
        if (p.dataFileRaw()) {
            h.autoclearFeatures |= Qcow2Header.AUTOCLEAR_DATA_FILE_RAW;
        }
        if (p.compressionType() != Qcow2Header.COMPRESSION_ZLIB) {
            h.incompatibleFeatures |= Qcow2Header.INCOMPAT_COMPRESSION;
        }
        if (p.extendedL2()) {
            h.incompatibleFeatures |= Qcow2Header.INCOMPAT_EXTL2;
        }
        // the minimal header and the refcount table with one (empty) refcount block
        byte[] first = minimalHeader(h, cs);
        Qcow2Io.write(file, 0, first);
        byte[] rt = new byte[2 * cs];
        Qcow2Io.putBe64(rt, 0, 2L * cs);
        Qcow2Io.write(file, cs, rt);

        Qcow2State s = new Qcow2State(file, h);
        s.writable = true;
        s.l1Table = new long[0];
        s.refcounts.load(cs, 1);
        if (dataFile != null) {
            s.dataFile = dataFile;
            h.dataFile = p.dataFile();
        }
        long first3 = s.refcounts.allocClusters(3L * cs);
        if (first3 != 0) {
            throw new BlockException(Errno.EIO,
                    "Could not allocate clusters for qcow2 header and refcount table");
        }
        s.refblockCache.flush();
        Qcow2Io.write(file, 0, h.serialize());
        Qcow2ClusterMap map = new Qcow2ClusterMap(s);
        Qcow2Reader reader = new Qcow2Reader(s, map);
        Qcow2Writer writer = new Qcow2Writer(s, map, reader);
        try {
            new Qcow2Resize(s, map, writer).resize(p.size(), p.prealloc());
        } catch (BlockException e) {
            throw e.errno() == Errno.EFBIG ? e : e.prepend("Could not resize image: ");
        }
        s.l2Cache.flush();
        s.refblockCache.flush();
        if (p.backingFile() != null) {
            if (p.backingFile().length() > 1023) {
                throw new BlockException(Errno.EINVAL, "Could not assign backing file '"
                        + p.backingFile() + "' with format '" + p.backingFormat() + "'");
            }
            h.backingFile = p.backingFile();
            h.backingFormat = p.backingFormat();
            Qcow2Io.write(file, 0, h.serialize());
        }
        file.flush();
    }

    private static byte[] minimalHeader(Qcow2Header h, int cs) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(cs);
        b.putInt(0, Qcow2Header.MAGIC);
        b.putInt(4, h.version);
        b.putInt(20, h.clusterBits);
        b.putLong(48, h.refcountTableOffset);
        b.putInt(56, 1);
        b.putLong(72, h.incompatibleFeatures);
        b.putLong(80, h.compatibleFeatures);
        b.putLong(88, h.autoclearFeatures);
        b.putInt(96, h.refcountOrder);
        b.putInt(100, Qcow2Header.V3_HEADER_LENGTH);
        b.put(104, (byte) h.compressionType);
        return b.array();
    }
}
