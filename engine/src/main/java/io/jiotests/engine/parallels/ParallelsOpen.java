package io.jiotests.engine.parallels;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatOptions;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * QEMU 7.2's parallels open: the header checks in its order and with its messages, the BAT read
 * (bounded by the file), the end of the data area, the in-use marker, the runtime options
 * {@code prealloc-size} / {@code prealloc-mode}, the format extension (read-only opens only) and,
 * for a read-write open, the in-use marker written to the header.
 */
final class ParallelsOpen {
    static final long DEFAULT_PREALLOC_BYTES = 128L << 20;
    static final String PREALLOC_SIZE = "prealloc-size";
    static final String PREALLOC_MODE = "prealloc-mode";
    /** QEMU's BDRV_REQUEST_MAX_BYTES. */
    static final long MAX_REQUEST_BYTES = 0x7ffffe00L;

    private ParallelsOpen() {
    }

    /** The parameters the node works with, all derived from the header and options. */
    record Geometry(long totalSectors, long tracks, long offMultiplier, long batSize, long dataEnd,
                    boolean unclean, long preallocSectors, boolean preallocTruncate) {
        int clusterSize() {
            return (int) (tracks << 9);
        }
    }

    static ParallelsNode open(ParallelsDriver driver, OpenContext ctx) throws BlockException {
        BlockNode file = ctx.file();
        long fileLength = file.length();
        byte[] raw = new byte[ParallelsHeader.SIZE];
        file.pread(0, ByteBuffer.wrap(raw));
        ParallelsHeader ph = ParallelsHeader.parse(raw);
        long totalSectors = ph.nbSectors();
        long multiplier;
        if (ph.version() != ParallelsHeader.VERSION) {
            throw notParallels();
        }
        if (ph.isV1Magic()) {
            multiplier = 1;
            totalSectors &= 0xffffffffL;
        } else if (ph.isV2Magic()) {
            multiplier = ph.tracks();
        } else {
            throw notParallels();
        }
        long tracks = ph.tracks();
        if (tracks == 0) {
            throw new BlockException(Errno.EINVAL, "Invalid image: Zero sectors per track");
        }
        if (tracks > Integer.MAX_VALUE / 513) {
            throw new BlockException(Errno.EFBIG, "Invalid image: Too big cluster");
        }
        long batSize = ph.batEntries();
        if (batSize > Integer.MAX_VALUE / 4) {
            throw new BlockException(Errno.EFBIG, "Catalog too large");
        }
        long size = ParallelsMetadata.entryOffset(batSize);
        long headerSize = (size + 4095) & ~4095L;
        long dataEnd = ph.dataOffSectors();
        if (dataEnd == 0) {
            dataEnd = (size + 511) & ~511L; // QEMU 7.2 takes this byte count as a sector count
        }
        if (dataEnd < headerSize) {
            headerSize = size;
        }
        if (headerSize > MAX_REQUEST_BYTES) {
            // QEMU allocates the BAT but its read of more than the block layer's largest request fails
            throw new BlockException(Errno.EIO, "Could not open '" + ctx.filename() + "': Input/output error");
        }
        ParallelsMetadata meta = ParallelsMetadata.read(file, headerSize, batSize, fileLength);
        for (long i = meta.nextCandidate(0); i < batSize; i = meta.nextCandidate(i + 1)) {
            long off = meta.entry(i) * multiplier;
            if (off >= dataEnd) {
                dataEnd = off + tracks;
            }
        }
        boolean unclean = ph.inUse() == ParallelsHeader.INUSE_MAGIC;
        boolean writable = ctx.flags().writable();
        if (unclean && writable && !ctx.flags().checkOnly()) {
            throw new BlockException(Errno.EACCES,
                    "parallels: Image was not closed correctly; cannot be opened read/write");
        }
        Map<String, String> options = ctx.options() == null ? Map.of() : ctx.options();
        OptionValues ov = new OptionValues(options);
        long preallocSectors = Math.max(tracks, ov.getSize(PREALLOC_SIZE, DEFAULT_PREALLOC_BYTES) >>> 9);
        String mode = options.getOrDefault(PREALLOC_MODE, "falloc");
        if (!mode.equals("falloc") && !mode.equals("truncate")) {
            throw new BlockException(Errno.EINVAL, "invalid parameter value: " + mode);
        }
        FormatOptions.rejectUnknown("parallels", options, Set.of(PREALLOC_SIZE, PREALLOC_MODE));
        List<String> warnings = new ArrayList<>();
        List<ParallelsFormatExtension.Bitmap> bitmaps = List.of();
        long extOff = ph.extOffSectors();
        if (extOff != 0) {
            if (writable) {
                warnings.add("Format Extension ignored in RW mode\n");
            } else {
                bitmaps = ParallelsFormatExtension.read(file, extOff << 9, (int) (tracks << 9), totalSectors,
                        fileLength);
            }
        }
        Geometry g = new Geometry(totalSectors, tracks, multiplier, batSize, dataEnd, unclean, preallocSectors,
                mode.equals("truncate"));
        if (writable) {
            meta.setInUse(ParallelsHeader.INUSE_MAGIC);
            meta.writeHeader(file);
        }
        if (totalSectors < 0 || totalSectors > Long.MAX_VALUE / 512) {
            // the block layer's size check comes after the driver's open; the failed open is closed
            if (writable) {
                meta.setInUse(0);
                meta.writeHeader(file);
                try {
                    file.truncate(dataEnd << 9, true, Preallocation.OFF);
                } catch (BlockException e) {
                    // ignored, as in QEMU's close
                }
            }
            throw new BlockException(Errno.EFBIG, "Could not refresh total sector count: File too large");
        }
        return new ParallelsNode(driver, ctx, g, meta, bitmaps, warnings);
    }

    private static BlockException notParallels() {
        return new BlockException(Errno.EINVAL, "Image not in Parallels format");
    }
}
