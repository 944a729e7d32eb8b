package io.jiotests.engine.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * VHDX image bytes with the fields that are random per run masked (zeroed): in both headers the
 * checksum, file write, data write and log GUIDs (and, for images created separately, the random
 * sequence number), the page 83 GUID of the metadata, and in every log entry its checksum and log
 * GUID, and the padding after a log entry's last descriptor (qemu leaves stale buffer bytes there).
 * Everything else must match byte for byte.
 */
final class VhdxImages {
    private VhdxImages() {
    }

    static byte[] masked(Path image, boolean maskSequence) throws IOException {
        byte[] b = Files.readAllBytes(image);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int h : new int[] {0x10000, 0x20000}) {
            if (b.length >= h + 64) {
                Arrays.fill(b, h + 4, h + 8, (byte) 0);
                if (maskSequence) {
                    Arrays.fill(b, h + 8, h + 16, (byte) 0);
                }
                Arrays.fill(b, h + 16, h + 64, (byte) 0);
            }
        }
        if (b.length < 0x30000 + 80) {
            return b;
        }
        long meta = le.getLong(0x30000 + 64);
        if (meta >= 0 && meta + 0x10000 + 32 <= b.length) {
            Arrays.fill(b, (int) meta + 0x10010, (int) meta + 0x10020, (byte) 0);
        }
        long logOffset = le.getLong(0x10000 + 72);
        long logLength = le.getInt(0x10000 + 68) & 0xffffffffL;
        for (long p = logOffset; p + 64 <= Math.min(b.length, logOffset + logLength); p += 4096) {
            if (new String(b, (int) p, 4, StandardCharsets.US_ASCII).equals("loge")) {
                Arrays.fill(b, (int) p + 4, (int) p + 8, (byte) 0);
                Arrays.fill(b, (int) p + 32, (int) p + 48, (byte) 0);
                // the rest of the descriptor sectors after the last descriptor: qemu 7.2 leaves
                // whatever its buffer held there (often the guest data of the write: 5 of 6 runs
                // of one sequence), the engine writes zeroes
                long count = le.getInt((int) p + 24) & 0xffffffffL;
                long used = 64 + 32 * Math.min(count, 1L << 20);
                long end = Math.min(Math.min(b.length, logOffset + logLength), p + (used + 4095) / 4096 * 4096);
                if (p + used < end) {
                    Arrays.fill(b, (int) (p + used), (int) end, (byte) 0);
                }
            }
        }
        return b;
    }
}
