package io.jiotests.engine.vmdk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Test helpers for VMDK images: CID-neutral byte comparison and directory clean-up. */
final class VmdkImages {
    private static final Pattern CID = Pattern.compile("(parent)?CID=[0-9a-f]+\n");

    private VmdkImages() {
    }

    /**
     * The image bytes with both CIDs (random in QEMU and here) replaced by "X". In a sparse extent
     * (magic KDMV) the embedded descriptor area (header fields descriptorOffset at 28 and
     * descriptorSize at 36, in sectors) is rebuilt as its text up to the first NUL, CIDs replaced,
     * then zeroes to the area's end: qemu writes CIDs with %x (a CID below 0x10000000 is shorter)
     * and rewrites the text in place on the first write, so what follows the text in the area is
     * the old text's tail, whose length depends on both random CIDs. Everything outside the area
     * is compared byte for byte. A descriptor file compares as its text up to the first NUL, CIDs
 * replaced (and whether a NUL ends it).
     */
    static byte[] withoutCids(Path image) throws IOException {
        byte[] b = Files.readAllBytes(image);
        if (b.length < 512 || b[0] != 'K' || b[1] != 'D' || b[2] != 'M' || b[3] != 'V') {
            // a descriptor file: qemu's CID rewrite writes the new text, a NUL and the old text's
            // tail up to the next sector; only the text before the NUL is the descriptor
            int nul = 0;
            while (nul < b.length && b[nul] != 0) {
                nul++;
            }
            String text = replaceCids(new String(b, 0, nul, StandardCharsets.ISO_8859_1));
            return (nul < b.length ? text + "\0" : text).getBytes(StandardCharsets.ISO_8859_1);
        }
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long off = h.getLong(28);
        long size = h.getLong(36);
        if (off <= 0 || size <= 0 || off > b.length / 512 || size > (b.length / 512) - off) {
            return b;
        }
        int start = (int) (off * 512);
        int end = (int) ((off + size) * 512);
        int nul = start;
        while (nul < end && b[nul] != 0) {
            nul++;
        }
        byte[] text = replaceCids(new String(b, start, nul - start, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = b.clone();
        java.util.Arrays.fill(out, start, end, (byte) 0);
        System.arraycopy(text, 0, out, start, Math.min(text.length, end - start));
        return out;
    }

    private static String replaceCids(String s) {
        return CID.matcher(s).replaceAll(m -> (m.group(1) == null ? "" : "parent") + "CID=X\n");
    }

    /** A new temporary directory with the twins' subdirectories q (the reference's) and j (the engine's). */
    static Path twinDirectories(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.createDirectories(dir.resolve("q"));
        Files.createDirectories(dir.resolve("j"));
        return dir;
    }
}
