package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;
import io.jiotests.engine.crypto.LuksAmendOptions;

/**
 * qemu-img amend for qcow2: upgrading compat 0.10 to 1.1, switching lazy refcounts and growing
 * the disk, changing the refcount width and, last, downgrading to 0.10 ({@link Qcow2Downgrade}),
 * adding and erasing LUKS key slots (encrypt.state and the other encrypt.* amend options),
 * with QEMU's messages for what cannot be changed (the backing file: use rebase).
 */
final class Qcow2Amend {
    private static final String ENCRYPT = "encrypt.";
    private final Qcow2State s;
    private final Qcow2ClusterMap map;
    private final Qcow2Writer writer;
    private final BlockNode.AmendStatus status;

    Qcow2Amend(Qcow2State s, Qcow2ClusterMap map, Qcow2Writer writer) {
        this(s, map, writer, null);
    }

    Qcow2Amend(Qcow2State s, Qcow2ClusterMap map, Qcow2Writer writer, BlockNode.AmendStatus status) {
        this.s = s;
        this.map = map;
        this.writer = writer;
        this.status = status;
    }

    void amend(OptionValues o) throws BlockException {
        amend(o, false);
    }

    /** Applies {@code o}; {@code force} lets encrypt.* options erase or overwrite the last key slots. */
    void amend(OptionValues o, boolean force) throws BlockException {
        boolean keySlots = LuksAmendOptions.present(o, ENCRYPT);
        if (keySlots) {
            Qcow2Crypto.checkAmendable(s.crypto);
        }
        int newVersion = s.qcowVersion;
        String compat = o.get("compat");
        if (compat != null) {
            newVersion = switch (compat) {
                case "0.10", "v2" -> 2;
                case "1.1", "v3" -> 3;
                default -> throw new BlockException(Errno.EINVAL,
                        "Unknown compatibility level " + compat);
            };
        }
        if (o.has("cluster_size") && o.getSize("cluster_size", s.clusterSize) != s.clusterSize) {
            throw new BlockException(Errno.ENOTSUP, "Changing the cluster size is not supported");
        }
        if (o.has("compression_type")) {
            String want = o.get("compression_type");
            String have = s.header.compressionType == Qcow2Header.COMPRESSION_ZSTD ? "zstd" : "zlib";
            if (!have.equals(want)) {
                throw new BlockException(Errno.ENOTSUP,
                        "Changing the compression type is not supported");
            }
        }
        long refcountBits = s.refcounts.refcountBits;
        if (o.has("refcount_bits")) {
            refcountBits = o.getNumber("refcount_bits", 16);
            if (refcountBits <= 0 || refcountBits > 64 || Long.bitCount(refcountBits) != 1) {
                throw new BlockException(Errno.EINVAL,
                        "Refcount width must be a power of two and may not exceed 64 bits");
            }
        }
        if (o.has("encryption") || o.has("encrypt.format")) {
            throw new BlockException(Errno.ENOTSUP, "Changing the encryption is not supported");
        }
        if (o.has("extended_l2") && o.getFlag("extended_l2", false) != s.extendedL2) {
            throw new BlockException(Errno.ENOTSUP, "Toggling extended L2 entries is not supported");
        }
        if (o.has("preallocation")) {
            throw new BlockException(Errno.ENOTSUP, "Changing the preallocation mode is not supported");
        }
        String dataFile = o.get("data_file");
        if (dataFile != null && !s.header.hasDataFile()) {
            throw new BlockException(Errno.EINVAL,
                    "data-file can only be set for images that use an external data file");
        }
        boolean rawData = (s.header.autoclearFeatures & Qcow2Header.AUTOCLEAR_DATA_FILE_RAW) != 0;
        boolean wantRawData = o.getFlag("data_file_raw", rawData);
        if (wantRawData && !rawData) {
            throw new BlockException(Errno.EINVAL, "data-file-raw cannot be set on existing images");
        }
        boolean lazy = o.getFlag("lazy_refcounts", s.lazyRefcounts);
        Qcow2AmendProgress progress = new Qcow2AmendProgress(status,
                (newVersion != s.qcowVersion ? 1 : 0) + (refcountBits != s.refcounts.refcountBits ? 1 : 0));
        if (newVersion > s.qcowVersion) {
            // qcow2_upgrade's progress: 0/2, then 1/2 once the snapshot table is in v3 form
            // (the engine writes it so already), 2/2 after the header update
            progress.startOperation(Qcow2AmendProgress.UPGRADING);
            progress.report(0, 2);
            progress.report(1, 2);
            s.qcowVersion = newVersion;
            s.header.version = newVersion;
            rewriteHeader();
            progress.report(2, 2);
        }
        if (keySlots) {
            // QEMU updates the key slots after an upgrade and before every other change
            s.crypto.amendKeySlots(LuksAmendOptions.parse(o, ENCRYPT), force);
        }
        if (lazy != s.lazyRefcounts) {
            if (lazy) {
                if (newVersion < 3) {
                    throw new BlockException(Errno.EINVAL, "Lazy refcounts only supported with "
                            + "compatibility level 1.1 and above (use compat=1.1 or greater)");
                }
                s.header.compatibleFeatures |= Qcow2Header.COMPAT_LAZY_REFCOUNTS;
            } else {
                s.l2Cache.flush();
                s.refblockCache.flush();
                s.header.incompatibleFeatures &= ~Qcow2Header.INCOMPAT_DIRTY;
                s.dirtyMarked = false;
                s.header.compatibleFeatures &= ~Qcow2Header.COMPAT_LAZY_REFCOUNTS;
            }
            rewriteHeader();
            s.lazyRefcounts = lazy;
        }
        if (o.has("backing_file") || o.has("backing_fmt")) {
            if (!java.util.Objects.equals(o.get("backing_file"), s.header.backingFile)
                    || !java.util.Objects.equals(o.get("backing_fmt"), s.header.backingFormat)) {
                throw new BlockException(Errno.EINVAL, "Cannot amend the backing file\n"
                        + "You can use 'qemu-img rebase' instead.");
            }
        }
        if (dataFile != null || wantRawData != rawData) {
            // the data file's name for later opens; data-file-raw can only be dropped
            if (dataFile != null) {
                s.header.dataFile = dataFile;
            }
            if (!wantRawData) {
                s.header.autoclearFeatures &= ~Qcow2Header.AUTOCLEAR_DATA_FILE_RAW;
            }
            rewriteHeader();
        }
        if (o.has("size")) {
            long size = o.getSize("size", s.size);
            if (size != s.size) {
                new Qcow2Resize(s, map, writer).resize(size, Preallocation.OFF);
            }
        }
        if (refcountBits != s.refcounts.refcountBits) {
            if (newVersion < 3 && refcountBits != 16) {
                throw new BlockException(Errno.EINVAL, "Refcount widths other than 16 bits require "
                        + "compatibility level 1.1 or above (use compat=1.1 or greater)");
            }
            s.l2Cache.flush();
            progress.startOperation(Qcow2AmendProgress.CHANGING_REFCOUNT_ORDER);
            new Qcow2RefcountWidthChange(s, Long.numberOfTrailingZeros(refcountBits)).run();
        }
        if (newVersion < s.qcowVersion) {
            // last, as QEMU does: a version 2 image cannot have the features changed above
            progress.startOperation(Qcow2AmendProgress.DOWNGRADING);
            new Qcow2Downgrade(s, map, progress).run();
        }
        s.l2Cache.flush();
        s.refblockCache.flush();
    }

    /** qcow2_change_backing_file. */
    void changeBackingFile(String file, String fmt) throws BlockException {
        if (file != null && file.length() > 1023) {
            throw new BlockException(Errno.EINVAL, Errno.EINVAL.text());
        }
        s.header.backingFile = file == null || file.isEmpty() ? null : file;
        s.header.backingFormat = s.header.backingFile == null ? null : fmt;
        rewriteHeader();
    }

    private void rewriteHeader() throws BlockException {
        s.header.size = s.size;
        s.header.l1Size = s.l1Size;
        s.header.l1TableOffset = s.l1TableOffset;
        s.header.refcountTableOffset = s.refcounts.tableOffset;
        s.header.refcountTableClusters = (int) ((long) s.refcounts.tableSize * 8 / s.clusterSize);
        Qcow2Io.write(s.file, 0, s.header.serialize());
    }
}
