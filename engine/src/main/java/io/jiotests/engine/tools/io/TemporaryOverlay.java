package io.jiotests.engine.tools.io;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * qemu-io -s / open -s (QEMU's snapshot=on): the image is opened read-only and a new qcow2 image
 * of the same size, in a temporary file, goes on top of it with the image as its backing node.
 * Writes land in the overlay, reads fall through to the image, and the overlay file is removed
 * (it is unlinked right after it is opened, so it disappears with the process in any case); the
 * image itself is never written.
 */
final class TemporaryOverlay {
    private TemporaryOverlay() {
    }

    /** Where QEMU puts it: $TMPDIR, else /var/tmp. */
    private static Path tempDir() {
        String t = System.getenv("TMPDIR");
        Path dir = Path.of(t != null && !t.isEmpty() ? t : "/var/tmp");
        return Files.isDirectory(dir) ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Puts an overlay on {@code image} (which it then owns: closing the overlay closes it). */
    static BlockNode wrap(BlockNode image, BlockOpener opener, DriverRegistry registry,
                          OpenFlags flags) throws BlockException {
        Path tmp;
        try {
            tmp = Files.createTempFile(tempDir(), "vl.", "");
        } catch (IOException e) {
            throw new BlockException(Errno.EIO, "Could not get temporary filename: " + e.getMessage());
        }
        try {
            BlockDriver qcow2 = registry.find("qcow2");
            if (qcow2 == null) {
                throw new BlockException(Errno.ENOTSUP, "Unknown driver 'qcow2'");
            }
            OptionValues opts = new OptionValues();
            opts.set("size", Long.toString(image.length()));
            qcow2.create(tmp.toString(), opts, registry);
            BlockNode overlay = opener.open(tmp.toString(), "qcow2", null,
                    flags.withWritable(true).withNoBacking(true));
            try {
                overlay.setBacking(image);
            } catch (BlockException e) {
                overlay.close();
                throw e;
            }
            return overlay;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the file is in the temporary directory; nothing else refers to it
            }
        }
    }
}
