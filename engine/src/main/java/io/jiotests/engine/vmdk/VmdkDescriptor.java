package io.jiotests.engine.vmdk;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text descriptor of a VMDK image ("# Disk DescriptorFile"): either embedded in a sparse
 * extent (at sector 1) or a file of its own. Fields are looked up the way QEMU does: the first
 * occurrence of the name anywhere in the text, the value after {@code ="} up to the next quote;
 * CID values are hexadecimal after {@code CID=}.
 */
final class VmdkDescriptor {
    /** The descriptor area QEMU reads and rewrites: 20 sectors. */
    static final int DESC_SIZE = 20 * 512;
    /** Only so much of a descriptor file is read (QEMU's bound against unbounded allocation). */
    static final int MAX_DESC_FILE = (1 << 20) - 1;

    /** A descriptor file larger than this is refused when its CID is read or rewritten. */
    static final long MAX_DESC_AREA = 16L << 20;

    /**
     * The descriptor area QEMU reads and rewrites: 20 sectors at {@code descOffset} in a sparse
     * extent, the whole descriptor file (its length rounded up to a sector) otherwise; the last
     * byte is made a NUL.
     */
    static byte[] readArea(BlockNode file, long descOffset) throws BlockException {
        long size = DESC_SIZE;
        if (descOffset == 0) {
            size = (file.length() + 511) / 512 * 512;
            if (size > MAX_DESC_AREA) {
                throw new BlockException(Errno.EFBIG, "VMDK description file too big");
            }
        }
        byte[] area = new byte[(int) Math.max(size, 1)];
        file.pread(descOffset, java.nio.ByteBuffer.wrap(area, 0, (int) size));
        area[area.length - 1] = 0;
        return area;
    }

    /** One "RW sectors TYPE "name" [offset]" line. */
    record ExtentLine(String access, long sectors, String type, String filename, long flatOffset) {
    }

    private VmdkDescriptor() {
    }

    /** The text up to the first NUL byte, as a C string. */
    static String cString(byte[] buf, int len) {
        int end = 0;
        while (end < len && buf[end] != 0) {
            end++;
        }
        return new String(buf, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** The quoted value of {@code name} (skipping the two characters {@code ="}), or null. */
    static String quoted(String desc, String name) {
        int at = desc.indexOf(name);
        if (at < 0) {
            return null;
        }
        int start = at + name.length() + 2;
        if (start >= desc.length()) {
            return null;
        }
        int end = desc.indexOf('"', start);
        return end < 0 ? null : desc.substring(start, end);
    }

    /**
     * The CID (or parent CID) of the descriptor text: the hexadecimal number after the first
     * occurrence of "CID" / "parentCID" and one more character; EINVAL when there is none.
     */
    static long cid(String desc, boolean parent) throws BlockException {
        String name = parent ? "parentCID" : "CID";
        int at = desc.indexOf(name);
        if (at < 0) {
            throw new BlockException(Errno.EINVAL);
        }
        int p = at + name.length() + 1;
        while (p < desc.length() && Character.isWhitespace(desc.charAt(p))) {
            p++;
        }
        if (p + 1 < desc.length() && desc.charAt(p) == '0' && (desc.charAt(p + 1) | 0x20) == 'x'
                && p + 2 < desc.length() && Character.digit(desc.charAt(p + 2), 16) >= 0) {
            p += 2;
        }
        int start = p;
        long v = 0;
        while (p < desc.length() && Character.digit(desc.charAt(p), 16) >= 0) {
            v = v * 16 + Character.digit(desc.charAt(p), 16);
            if (v > 0xffffffffL) {
                v = 0xffffffffL; // strtoul saturates
            }
            p++;
        }
        if (p == start) {
            throw new BlockException(Errno.EINVAL);
        }
        return v;
    }

    /**
     * The descriptor bytes with the CID replaced, as QEMU rewrites it: the text up to "CID=", the
     * new value and a newline, then the text from "parentCID" on; bytes past the new text's end
     * keep what the area held. EINVAL without a "parentCID".
     */
    static byte[] withCid(byte[] area, long cid) throws BlockException {
        byte[] out = area.clone();
        out[out.length - 1] = 0;
        String text = cString(out, out.length);
        int parent = text.indexOf("parentCID");
        if (parent < 0) {
            throw new BlockException(Errno.EINVAL);
        }
        String tail = text.substring(parent);
        int at = text.indexOf("CID");
        String head = text.substring(0, at + 4 > text.length() ? text.length() : at + 4);
        String fresh = head + Long.toHexString(cid) + "\n" + tail;
        byte[] b = fresh.getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.min(b.length, out.length - 1);
        System.arraycopy(b, 0, out, 0, n);
        out[n] = 0;
        return out;
    }

    /** The extent lines QEMU accepts ("RW" lines), or the "Invalid extent line" error. */
    static List<ExtentLine> extents(String desc) throws BlockException {
        List<ExtentLine> out = new ArrayList<>();
        int p = 0;
        while (p < desc.length()) {
            int nl = desc.indexOf('\n', p);
            int lineEnd = nl < 0 ? desc.length() : nl;
            String line = desc.substring(p, lineEnd);
            ExtentLine e = parseLine(line);
            if (e != null) {
                out.add(e);
            }
            p = nl < 0 ? desc.length() : nl + 1;
        }
        return out;
    }

    /** One line scanned like {@code sscanf("%10s %ld %10s \"%511[^\n\r\"]\" %ld")}; null to skip it. */
    private static ExtentLine parseLine(String line) throws BlockException {
        Scanner s = new Scanner(line);
        String access = s.word(10);
        if (access == null) {
            return null;
        }
        Long sectors = s.number();
        String type = sectors == null ? null : s.word(10);
        String name = type == null ? null : s.quotedName();
        if (name == null) {
            return null;
        }
        Long offset = s.number();
        int matches = offset == null ? 4 : 5;
        if (!access.equals("RW")) {
            return null;
        }
        long flat = offset == null ? -1 : offset;
        switch (type) {
            case "FLAT" -> {
                if (matches != 5 || flat < 0) {
                    throw invalid(line);
                }
            }
            case "VMFS" -> {
                if (matches != 4) {
                    throw invalid(line);
                }
                flat = 0;
            }
            default -> {
                if (matches != 4) {
                    throw invalid(line);
                }
            }
        }
        if (sectors <= 0 || !List.of("FLAT", "SPARSE", "VMFS", "VMFSSPARSE", "SESPARSE").contains(type)) {
            throw invalid(line);
        }
        return new ExtentLine(access, sectors, type, name, flat);
    }

    private static BlockException invalid(String line) {
        return new BlockException(Errno.EINVAL, "Invalid extent line: " + line);
    }

    /** A tiny sscanf: whitespace-separated words, signed decimals, a quoted name. */
    private static final class Scanner {
        private final String s;
        private int p;

        Scanner(String s) {
            this.s = s;
        }

        private void skipSpace() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }

        String word(int max) {
            skipSpace();
            int start = p;
            while (p < s.length() && p - start < max && !Character.isWhitespace(s.charAt(p))) {
                p++;
            }
            return p == start ? null : s.substring(start, p);
        }

        Long number() {
            skipSpace();
            int start = p;
            if (p < s.length() && (s.charAt(p) == '-' || s.charAt(p) == '+')) {
                p++;
            }
            int digits = p;
            while (p < s.length() && Character.isDigit(s.charAt(p))) {
                p++;
            }
            if (p == digits) {
                p = start;
                return null;
            }
            try {
                return Long.parseLong(s.substring(start, p));
            } catch (NumberFormatException e) {
                return s.charAt(start) == '-' ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
        }

        String quotedName() {
            skipSpace();
            if (p >= s.length() || s.charAt(p) != '"') {
                return null;
            }
            int start = ++p;
            while (p < s.length() && p - start < 511 && "\n\r\"".indexOf(s.charAt(p)) < 0) {
                p++;
            }
            if (p == start || p >= s.length() || s.charAt(p) != '"') {
                return null;
            }
            return s.substring(start, p++);
        }
    }
}
