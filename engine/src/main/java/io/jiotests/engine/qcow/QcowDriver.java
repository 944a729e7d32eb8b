package io.jiotests.engine.qcow;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FormatDriverBase;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OptionSchema;
import io.jiotests.engine.block.OptionSpec;
import io.jiotests.engine.block.OptionType;
import io.jiotests.engine.block.OptionValues;
import io.jiotests.engine.block.Preallocation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The qcow (version 1) format driver: probe, creation and open, with QEMU's validation and
 * messages. Images are created as qemu-img creates them: the header, the backing file name right
 * after it, and the L1 table (zeroes, whole 512-byte sectors) at the next multiple of 8; 4 KiB
 * clusters with 512-entry L2 tables, or 512-byte clusters with 4096-entry L2 tables when there is
 * a backing file. The format stores no backing format.
 */
public final class QcowDriver extends FormatDriverBase {
    private static final OptionSchema CREATE_OPTIONS = OptionSchema.of(
            OptionSpec.size("size", "Virtual disk size"),
            OptionSpec.string("backing_file", "File name of a base image"),
            OptionSpec.string("backing_fmt", "Format of the backing image"),
            new OptionSpec("encryption", OptionType.FLAG,
                    "Encrypt the image with format 'aes'. (Deprecated in favor of encrypt.format=aes)", null),
            OptionSpec.string("encrypt.format", "Encrypt the image, format choices: 'aes'"),
            OptionSpec.string("encrypt.key-secret", "ID of the secret that provides the AES encryption key"));
    /** QEMU keeps backing file names in a 1024-byte buffer. */
    private static final int MAX_BACKING_NAME = 1023;

    public QcowDriver() {
        super("qcow", CREATE_OPTIONS);
    }

    /** 100 for the magic and version 1 in a header of at least 48 bytes, as QEMU scores it. */
    @Override
    public int probe(byte[] header, int length, String filename) {
        if (length < QcowHeader.SIZE) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.wrap(header, 0, 8);
        return b.getInt(0) == QcowHeader.MAGIC && b.getInt(4) == QcowHeader.VERSION ? 100 : 0;
    }

    @Override
    public boolean supportsBacking() {
        return true;
    }

    @Override
    public void create(String filename, OptionValues opts, DriverRegistry registry)
            throws BlockException {
        long size = opts.getSize("size", 0);
        size = size > Long.MAX_VALUE - 511 ? size : (size + 511) & ~511L;
        String backing = opts.get("backing_file");
        boolean encrypt = opts.getFlag("encryption", false) || opts.has("encrypt.format");
        BlockDriver proto = createEmptyProtocolFile(filename, opts, registry);
        if (size == 0) {
            throw new BlockException(Errno.EINVAL, "Image size is too small, cannot be zero length");
        }
        if (encrypt) {
            String fmt = opts.get("encrypt.format");
            if (fmt != null && !fmt.equals("aes")) {
                throw new BlockException(Errno.EINVAL, "Invalid parameter '" + fmt + "'");
            }
            throw new BlockException(Errno.EINVAL, "Parameter 'encrypt.key-secret' is required for cipher");
        }
        QcowHeader h = new QcowHeader();
        h.size = size;
        int headerSize = QcowHeader.SIZE;
        byte[] name = new byte[0];
        if (backing != null && !backing.equals("fat:")) {
            name = backing.getBytes(StandardCharsets.UTF_8);
            h.backingFileOffset = headerSize;
            h.backingFileSize = name.length;
            headerSize += name.length;
        }
        if (backing != null) {
            h.clusterBits = 9;
            h.l2Bits = 12;
        } else {
            h.clusterBits = 12;
            h.l2Bits = 9;
        }
        headerSize = (headerSize + 7) & ~7;
        int shift = h.clusterBits + h.l2Bits;
        long l1Size = (size + (1L << shift) - 1) >>> shift;
        h.l1TableOffset = headerSize;
        try (BlockNode file = ImageCreator.openCreatedFile(proto, filename, opts, registry)) {
            file.truncate(0, false, Preallocation.OFF);
            file.pwrite(0, ByteBuffer.wrap(h.encode()), 0);
            if (name.length > 0) {
                file.pwrite(QcowHeader.SIZE, ByteBuffer.wrap(name), 0);
            }
            long l1Bytes = (l1Size * 8 + 511) & ~511L;
            ImageCreator.fill(file, headerSize, l1Bytes, (byte) 0);
            file.flush();
        }
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        BlockNode file = protocolChild(ctx);
        byte[] raw = new byte[QcowHeader.SIZE]; // a shorter file reads as zeroes past its end
        long fileLen = file.length();
        int n = (int) Math.min(raw.length, fileLen);
        if (n > 0) {
            io.jiotests.engine.block.BlockBackend.readAligned(file, 0, ByteBuffer.wrap(raw, 0, n));
        }
        QcowHeader h = QcowHeader.parse(raw);
        int l1Size = h.validate(ctx.flags().noIo());
        try {
            return openImage(ctx, file, h, l1Size);
        } catch (BlockException e) {
            if (e.getMessage().equals(e.errno().text())) {
                // a failed read: bdrv_open_driver's generic message
                throw BlockException.withErrno(e.errno(), "Could not open '" + ctx.filename() + "'");
            }
            throw e;
        }
    }

    private BlockNode openImage(OpenContext ctx, BlockNode file, QcowHeader h, int l1Size)
            throws BlockException {
        QcowImage img = new QcowImage(file, h, l1Size);
        String backing = null;
        if (h.backingFileOffset != 0) {
            if (h.backingFileSize > MAX_BACKING_NAME) {
                throw new BlockException(Errno.EINVAL, "Backing file name too long");
            }
            byte[] name = img.read(h.backingFileOffset, (int) h.backingFileSize);
            int end = 0;
            while (end < name.length && name[end] != 0) {
                end++;
            }
            backing = new String(name, 0, end, StandardCharsets.UTF_8);
            if (backing.isEmpty()) {
                backing = null;
            }
        }
        return new QcowNode(this, ctx.filename(), ctx.flags(), img, backing);
    }
}
