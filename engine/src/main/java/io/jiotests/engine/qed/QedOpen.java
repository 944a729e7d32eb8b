package io.jiotests.engine.qed;

import io.jiotests.engine.block.BlockBackend;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Opening a QED image: every header field is validated before use, in QEMU's order and with its
 * messages; the L1 table is only read once its offset and size are known to lie inside the file,
 * so a header cannot make the engine allocate more than the file holds.
 */
final class QedOpen {
    /** QEMU keeps backing file names in a PATH_MAX buffer. */
    private static final int MAX_BACKING_NAME = 4096;

    private QedOpen() {
    }

    static QedState open(BlockNode file, OpenFlags flags) throws BlockException {
        byte[] raw = new byte[QedHeader.SIZE];
        long fileLen = file.length();
        readPrefix(file, fileLen, raw);
        QedHeader h = QedHeader.parse(raw, raw.length);
        if (h.magic != QedHeader.MAGIC) {
            throw new BlockException(Errno.EINVAL, "Image not in QED format");
        }
        long unknown = h.features & ~QedHeader.FEATURE_MASK;
        if (unknown != 0) {
            throw new BlockException(Errno.ENOTSUP,
                    "Unsupported QED features: " + Long.toHexString(unknown));
        }
        if (!QedHeader.isClusterSizeValid(h.clusterSize)) {
            throw new BlockException(Errno.EINVAL, "QED cluster size is invalid");
        }
        long fileSize = fileLen & ~(h.clusterSize - 1);
        if (!QedHeader.isTableSizeValid(h.tableSize)) {
            throw new BlockException(Errno.EINVAL, "QED table size is invalid");
        }
        if (!QedHeader.isImageSizeValid(h.imageSize, h.clusterSize, h.tableSize)) {
            throw new BlockException(Errno.EINVAL, "QED image size is invalid");
        }
        QedState s = new QedState(file, h, fileSize);
        if (!s.checkTableOffset(h.l1TableOffset)) {
            throw new BlockException(Errno.EINVAL, "QED table offset is invalid");
        }
        if (h.headerSize > 0xffffffffL / h.clusterSize) {
            throw new BlockException(Errno.EINVAL, "QED header size is too large");
        }
        if (h.hasBackingFile()) {
            readBackingName(s, h, fileLen);
        }
        if ((h.autoclearFeatures & ~QedHeader.AUTOCLEAR_FEATURE_MASK) != 0 && flags.writable()) {
            h.autoclearFeatures &= QedHeader.AUTOCLEAR_FEATURE_MASK;
            try {
                s.writeHeader();
            } catch (BlockException e) {
                throw BlockException.withErrno(e.errno(), "Failed to update header");
            }
            file.flush();
        }
        if ((long) s.tableNelems * 8 > QedState.MAX_TABLE_BYTES) {
            throw new BlockException(Errno.EFBIG, "QED tables of " + (long) s.tableNelems * 8
                    + " bytes are larger than this engine supports (" + QedState.MAX_TABLE_BYTES
                    + " bytes)");
        }
        s.l1 = s.readTable(h.l1TableOffset);
        s.writable = flags.writable();
        if (!flags.checkOnly() && h.needCheck() && flags.writable()) {
            QedCheck.Counts c = new QedCheck(s, true).run();
            if (c.checkErrors() > 0) {
                throw BlockException.withErrno(c.lastError(), "Image corrupted");
            }
        }
        return s;
    }

    private static void readPrefix(BlockNode file, long fileLen, byte[] raw) throws BlockException {
        int n = (int) Math.min(raw.length, fileLen);
        if (n > 0) {
            BlockBackend.readAligned(file, 0, ByteBuffer.wrap(raw, 0, n));
        }
    }

    /** The backing file name: a C string inside the header clusters. */
    private static void readBackingName(QedState s, QedHeader h, long fileLen) throws BlockException {
        long headerBytes = h.clusterSize * h.headerSize; // < 2^32 after the header size check
        if (h.backingFilenameOffset + h.backingFilenameSize > headerBytes) {
            throw new BlockException(Errno.EINVAL, "QED backing filename offset is invalid");
        }
        if (h.backingFilenameSize >= MAX_BACKING_NAME) {
            throw new BlockException(Errno.EINVAL, "Failed to read backing filename");
        }
        byte[] name = new byte[(int) h.backingFilenameSize];
        s.readFile(h.backingFilenameOffset, name, 0, name.length);
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        String str = new String(name, 0, end, StandardCharsets.UTF_8);
        s.backingFile = str.isEmpty() ? null : str;
        if ((h.features & QedHeader.F_BACKING_FORMAT_NO_PROBE) != 0) {
            s.backingFormat = "raw";
        }
    }
}
