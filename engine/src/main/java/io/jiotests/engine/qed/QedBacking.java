package io.jiotests.engine.qed;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Rewriting the backing file reference (qemu-img rebase, commit): the name follows the 64-byte
 * header directly; a raw backing format sets the "no probe" feature, other formats are not
 * recorded (QED has no field for them).
 */
final class QedBacking {
    private QedBacking() {
    }

    static void change(QedState s, String backingFile, String backingFormat) throws BlockException {
        QedHeader h = s.header;
        if (backingFile != null && (h.compatFeatures & ~QedHeader.COMPAT_FEATURE_MASK) != 0) {
            throw new BlockException(Errno.ENOTSUP); // unknown data may follow the header
        }
        QedHeader n = h.copy();
        n.features &= ~(QedHeader.F_BACKING_FILE | QedHeader.F_BACKING_FORMAT_NO_PROBE);
        byte[] name = backingFile == null ? new byte[0] : backingFile.getBytes(StandardCharsets.UTF_8);
        if (backingFile != null) {
            n.features |= QedHeader.F_BACKING_FILE;
            if ("raw".equals(backingFormat)) {
                n.features |= QedHeader.F_BACKING_FORMAT_NO_PROBE;
            }
        }
        n.backingFilenameOffset = QedHeader.SIZE;
        n.backingFilenameSize = name.length;
        long len = QedHeader.SIZE + (long) name.length;
        if (len > n.headerSize * n.clusterSize) {
            throw new BlockException(Errno.ENOSPC);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) len);
        buf.put(n.encode()).put(name).flip();
        s.file.pwrite(0, buf, 0);
        s.file.flush();
        s.header = n;
        s.backingFile = backingFile == null || backingFile.isEmpty() ? null : backingFile;
        s.backingFormat = backingFile == null ? null : backingFormat; // as QEMU keeps it in memory
    }
}
