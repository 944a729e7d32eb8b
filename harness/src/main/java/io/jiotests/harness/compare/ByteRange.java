package io.jiotests.harness.compare;

/**
 * A named byte range of an image file: a header field, a metadata table entry, a data cluster, or
 * a masked (random or time-based) field.
 *
 * @param offset file offset of the first byte
 * @param length number of bytes (positive)
 * @param name   what the bytes are, e.g. "header.l1_table_offset" or "snapshot[0].date_sec"
 */
public record ByteRange(long offset, long length, String name) {
    public ByteRange {
        if (offset < 0 || length <= 0 || offset + length < offset) {
            throw new IllegalArgumentException("bad range " + offset + "+" + length + " " + name);
        }
    }

    public long end() {
        return offset + length;
    }

    public boolean contains(long pos) {
        return pos >= offset && pos < end();
    }

    @Override
    public String toString() {
        return String.format("%s [0x%x, 0x%x)", name, offset, end());
    }
}
