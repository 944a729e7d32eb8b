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
        return compare(expected, actual, fmt, null, null);
    }

    /**
     * As {@link #compare(Path, Path, String)}, where file names stored in the images (backing file
     * names) that are equal once {@code expectedDir} resp. {@code actualDir} (the test directories
     * the images were made in) are replaced by TEST_DIR are masked too.
     */
    public static ByteComparison compare(Path expected, Path actual, String fmt, String expectedDir, String actualDir)
            throws IOException {
        ImageLayout le = FormatLayouts.of(expected, fmt);
        ImageLayout la = FormatLayouts.of(actual, fmt);
        List<ByteRange> masks = new ArrayList<>(la.masks());
        for (ByteRange m : le.masks()) {
            if (!masks.contains(m)) {
                masks.add(m);
            }
        }
        if (expectedDir != null && actualDir != null) {
            masks.addAll(equivalentPaths(expected, le, expectedDir, actual, la, actualDir));
        }
        masks.addAll(equivalentDescriptors(expected, le, actual, la));
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
                    long off = descriptorLineDifference(expected, le, actual, la, pos + mismatch);
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

    private static List<ByteRange> equivalentPaths(Path e, ImageLayout le, String ed, Path a, ImageLayout la, String ad)
            throws IOException {
        List<ByteRange> out = new ArrayList<>();
        List<ByteRange> ep = le.pathFields();
        List<ByteRange> ap = la.pathFields();
        for (int i = 0; i < Math.min(ep.size(), ap.size()); i++) {
            ByteRange x = ep.get(i);
            ByteRange y = ap.get(i);
            if (!x.name().equals(y.name()) || x.length() > 4096 || y.length() > 4096) {
                continue;
            }
            String sx = read(e, x).replace(ed, "TEST_DIR");
            String sy = read(a, y).replace(ad, "TEST_DIR");
            if (sx.equals(sy)) {
                long start = Math.min(x.offset(), y.offset());
                long end = Math.max(x.end(), y.end());
                out.add(new ByteRange(start, end - start, x.name() + " (equal modulo TEST_DIR)"));
                ByteRange len = le.pathLengthFields().get(i);
                out.add(new ByteRange(len.offset(), len.length(), len.name() + " (equal modulo TEST_DIR)"));
            }
        }
        return out;
    }

    /**
     * A vmdk descriptor whose text (up to its first NUL) is the same in both images once the random
     * CID and parentCID values are replaced: qemu writes them without leading zeroes, so a shorter
     * CID shifts every later byte of the text, and a rewritten descriptor keeps the old text's
     * tail after the NUL. The whole descriptor area then counts as equal.
     */
    private static List<ByteRange> equivalentDescriptors(Path e, ImageLayout le, Path a, ImageLayout la)
            throws IOException {
        ByteRange x = descriptorRegion(le);
        ByteRange y = descriptorRegion(la);
        if (x == null || y == null || x.offset() != y.offset() || x.length() != y.length() || x.length() > 1 << 20) {
            return List.of();
        }
        String sx = descriptorText(read(e, x));
        String sy = descriptorText(read(a, y));
        return sx.equals(sy) ? List.of(new ByteRange(x.offset(), x.length(), "descriptor (equal modulo CIDs)"))
                : List.of();
    }

    /**
     * Where two vmdk descriptors differ, as an offset in the actual image: CIDs of different lengths
     * shift the text after them, so the first differing byte may lie in a line that is equal in
     * both. The first line that differs once the CIDs are masked is named instead, at the column
     * where it differs. Any other offset is returned as it is.
     */
    private static long descriptorLineDifference(Path e, ImageLayout le, Path a, ImageLayout la, long off)
            throws IOException {
        ByteRange x = descriptorRegion(le);
        ByteRange y = descriptorRegion(la);
        if (x == null || y == null || !x.contains(off) || !y.contains(off) || x.length() > 1 << 20
                || y.length() > 1 << 20) {
            return off;
        }
        String[] ex = descriptorText(readLatin1(e, x)).split("\n", -1);
        String rawActual = readLatin1(a, y);
        String[] ac = descriptorText(rawActual).split("\n", -1);
        int lineStart = 0; // in rawActual, which has one char per byte
        for (int i = 0; i < Math.min(ex.length, ac.length); i++) {
            if (!ex[i].equals(ac[i])) {
                if (ac[i].contains("=MASKED") || ex[i].contains("=MASKED")) {
                    return off; // a CID line against another line: the first differing byte names it
                }
                int col = 0;
                while (col < Math.min(ex[i].length(), ac[i].length()) && ex[i].charAt(col) == ac[i].charAt(col)) {
                    col++;
                }
                return y.offset() + lineStart + col;
            }
            lineStart = rawActual.indexOf('\n', lineStart) + 1;
            if (lineStart == 0) {
                break;
            }
        }
        return off;
    }

    private static ByteRange descriptorRegion(ImageLayout l) {
        return l.regions().stream().filter(r -> r.name().equals("descriptor")).findFirst().orElse(null);
    }

    private static String descriptorText(String area) {
        int nul = area.indexOf('\0');
        String text = nul < 0 ? area : area.substring(0, nul);
        return text.replaceAll("(?m)^(CID|parentCID)=[0-9a-fA-F]+$", "$1=MASKED");
    }

    private static String readLatin1(Path file, ByteRange r) throws IOException {
        return new String(readBytes(file, r), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String read(Path file, ByteRange r) throws IOException {
        return new String(readBytes(file, r), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path file, ByteRange r) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) r.length());
            while (b.hasRemaining() && ch.read(b, r.offset() + b.position()) > 0) {
                // a short read is retried until the range or the file ends
            }
            return java.util.Arrays.copyOf(b.array(), b.position());
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
