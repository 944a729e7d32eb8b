package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

/**
 * Rewrites the backing file reference of an open qcow2 image (qemu-img rebase -u, commit): the
 * backing file name and its offset/size in the header, and the backing format header extension.
 * The whole header cluster is laid out again, as QEMU's header update does.
 */
final class Qcow2BackingChange {
    /** QEMU stores at most 1023 bytes of backing file name. */
    static final int MAX_BACKING_NAME = 1023;

    private Qcow2BackingChange() {
    }

    static void apply(Qcow2State s, String backingFile, String backingFormat) throws BlockException {
        if (backingFile != null && backingFile.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > MAX_BACKING_NAME) {
            throw new BlockException(Errno.EINVAL, "Invalid argument");
        }
        if (backingFormat != null && backingFile == null) {
            throw new BlockException(Errno.EINVAL, "Invalid argument");
        }
        if (backingFile != null && s.hasDataFile()
                && (s.header.autoclearFeatures & Qcow2Header.AUTOCLEAR_DATA_FILE_RAW) != 0) {
            throw new BlockException(Errno.EINVAL, "Invalid argument");
        }
        Qcow2Header h = s.header;
        String oldFile = h.backingFile;
        String oldFormat = h.backingFormat;
        long oldOffset = h.backingFileOffset;
        int oldSize = h.backingFileSize;
        int oldLength = h.headerLength;
        h.backingFile = backingFile;
        h.backingFormat = backingFormat;
        try {
            Qcow2Io.write(s.file, 0, h.serialize());
        } catch (BlockException e) {
            h.backingFile = oldFile;
            h.backingFormat = oldFormat;
            h.backingFileOffset = oldOffset;
            h.backingFileSize = oldSize;
            h.headerLength = oldLength;
            throw e;
        }
    }
}
