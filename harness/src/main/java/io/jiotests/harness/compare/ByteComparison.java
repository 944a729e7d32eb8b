package io.jiotests.harness.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact byte comparison of two images of one format, except for the masked ranges of either
 * image's layout (random ids, checksums over them, timestamps).
 *
 * @param identical    whether every unmasked byte and the sizes are equal
 * @param firstDiff    the first differing file offset, or -1
 * @param field        the name of the field or region at {@code firstDiff} (in the actual image's
 *                     layout; the expected image's name follows in parentheses when it differs)
 * @param expectedSize size of the expected (reference) image
 * @param actualSize   size of the actual image
 * @param masked       the ranges that were not compared
 */
public record ByteComparison(boolean identical, long firstDiff, String field, long expectedSize, long actualSize,
                             List<ByteRange> masked) {
    private static final int CHUNK = 1 << 20;

    /** Compares {@code actual} with {@code expected}, both read as format {@code fmt}. */
    public static ByteComparison compare(Path expected, Path actual, String fmt) throws IOException {
        ImageLayout le = FormatLayouts.of(expected, fmt);
        ImageLayout la = FormatLayouts.of(actual, fmt);
        List<ByteRange> masks = new ArrayList<>(la.masks());
        for (ByteRange m : le.masks()) {
            if (!masks.contains(m)) {
                masks.add(m);
            }
        }
        try (FileChannel e = FileChannel.open(expected, StandardOpenOption.READ);
             FileChannel a = FileChannel.open(actual, StandardOpenOption.READ)) {
            long es = e.size();
            long as = a.size();
            long common = Math.min(es, as);
            ByteBuffer be = ByteBuffer.allocate(CHUNK);
            ByteBuffer ba = ByteBuffer.allocate(CHUNK);
            for (long pos = 0; pos < common; pos += CHUNK) {
                int n = (int) Math.min(CHUNK, common - pos);
                fill(e, be, pos, n);
                fill(a, ba, pos, n);
                int mismatch = firstUnmaskedMismatch(be, ba, n, pos, masks);
                if (mismatch >= 0) {
                    long off = pos + mismatch;
                    return new ByteComparison(false, off, name(la, le, off), es, as, List.copyOf(masks));
                }
            }
            if (es != as) {
                String what = String.format("file size (expected %d, actual %d bytes)", es, as);
                String at = common < Math.max(es, as) ? name(es > as ? le : la, es > as ? la : le, common) : "";
                return new ByteComparison(false, common, what + (at.isEmpty() ? "" : ": " + at), es, as,
                        List.copyOf(masks));
            }
            return new ByteComparison(true, -1, "", es, as, List.copyOf(masks));
        }
    }

    private static String name(ImageLayout primary, ImageLayout other, long off) {
        String p = primary.fieldAt(off);
        String o = other.fieldAt(off);
        return p.equals(o) ? p : p + " (expected image: " + o + ")";
    }

    private static void fill(FileChannel ch, ByteBuffer b, long pos, int n) throws IOException {
        b.clear().limit(n);
        long p = pos;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                throw new IOException("file shrank while comparing");
            }
            p += r;
        }
        b.flip();
    }

    private static int firstUnmaskedMismatch(ByteBuffer e, ByteBuffer a, int n, long base, List<ByteRange> masks) {
        int from = 0;
        while (from < n) {
            int rel = e.slice(from, n - from).mismatch(a.slice(from, n - from));
            if (rel < 0) {
                return -1;
            }
            int at = from + rel;
            ByteRange mask = maskAt(masks, base + at);
            if (mask == null) {
                return at;
            }
            from = (int) Math.min(n, mask.end() - base);
        }
        return -1;
    }

    private static ByteRange maskAt(List<ByteRange> masks, long off) {
        for (ByteRange m : masks) {
            if (m.contains(off)) {
                return m;
            }
        }
        return null;
    }

    /** One line for a report. */
    public String describe() {
        String maskText = masked.isEmpty() ? "" : "; masked: " + masked;
        if (identical) {
            return "bytes identical (" + actualSize + " bytes)" + maskText;
        }
        return String.format("bytes differ at offset %d (0x%x): %s%s", firstDiff, firstDiff, field, maskText);
    }
}
