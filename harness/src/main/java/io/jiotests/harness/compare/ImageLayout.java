package io.jiotests.harness.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the bytes of an image file are: named regions found by walking the format's metadata, and
 * the ranges to mask in byte comparisons because the format fills them with random ids or clocks.
 */
public final class ImageLayout {
    private final String format;
    private final List<ByteRange> regions = new ArrayList<>();
    private final List<ByteRange> masks = new ArrayList<>();
    private final List<ByteRange> pathFields = new ArrayList<>();
    private final List<ByteRange> pathLengthFields = new ArrayList<>();
    private final String fallback;

    /**
     * @param format   the image format
     * @param fallback the name for bytes no region covers, e.g. "data" for raw
     */
    public ImageLayout(String format, String fallback) {
        this.format = format;
        this.fallback = fallback;
    }

    public String format() {
        return format;
    }

    /** Adds a named region; later, smaller regions win over earlier, larger ones. */
    public void region(long offset, long length, String name) {
        if (length > 0) {
            regions.add(new ByteRange(offset, length, name));
        }
    }

    /** Adds a range whose contents legitimately differ between two otherwise identical images. */
    public void mask(long offset, long length, String name) {
        if (length > 0) {
            masks.add(new ByteRange(offset, length, name));
        }
    }

    /**
     * Marks a file name stored in the image (a backing file name) and the field holding its length:
     * two images whose names are equal once each test directory is replaced by TEST_DIR compare equal.
     */
    public void pathField(ByteRange name, ByteRange lengthField) {
        pathFields.add(name);
        pathLengthFields.add(lengthField);
    }

    public List<ByteRange> pathFields() {
        return List.copyOf(pathFields);
    }

    public List<ByteRange> pathLengthFields() {
        return List.copyOf(pathLengthFields);
    }

    public List<ByteRange> regions() {
        return List.copyOf(regions);
    }

    public List<ByteRange> masks() {
        return masks.stream().sorted(Comparator.comparingLong(ByteRange::offset)).toList();
    }

    /** The name of the byte at {@code offset}, with the offset inside its region when that is not 0. */
    public String fieldAt(long offset) {
        ByteRange best = null;
        for (ByteRange r : regions) {
            if (r.contains(offset) && (best == null || r.length() <= best.length())) {
                best = r;
            }
        }
        if (best == null) {
            return fallback;
        }
        long within = offset - best.offset();
        return within == 0 ? best.name() : best.name() + String.format(" +0x%x", within);
    }
}
