package io.jiotests.engine.block;

import java.util.Map;
import java.util.TreeMap;

/**
 * A named dirty bitmap over a node's guest range (QEMU's BdrvDirtyBitmap): one bit per
 * {@code granularity} bytes, set when the range is written while the bitmap is enabled. The bits
 * are kept sparse, in chunks of {@value #CHUNK_BITS} bits, so a huge image with few writes costs
 * little memory. Serialization is little-endian within bytes (bit i of byte j is chunk 8j+i), the
 * order qcow2 stores bitmap data in.
 */
public final class DirtyBitmap {
    /** Bits per in-memory chunk. */
    public static final int CHUNK_BITS = 1 << 16;
    private static final int CHUNK_WORDS = CHUNK_BITS / 64;

    private final String name;
    private final long granularity;
    private final long size;
    private final long bits;
    private boolean enabled;
    private final boolean persistent;
    private boolean inconsistent;
    private boolean readonly;
    private final TreeMap<Long, long[]> chunks = new TreeMap<>();

    /**
     * @param size        the guest size in bytes the bitmap covers
     * @param granularity bytes per bit, a power of two of at least 512
     */
    public DirtyBitmap(String name, long granularity, long size, boolean enabled, boolean persistent) {
        if (granularity < 512 || Long.bitCount(granularity) != 1) {
            throw new IllegalArgumentException("granularity " + granularity);
        }
        this.name = name;
        this.granularity = granularity;
        this.size = size;
        this.bits = size == 0 ? 0 : (size - 1) / granularity + 1;
        this.enabled = enabled;
        this.persistent = persistent;
    }

    public String name() {
        return name;
    }

    public long granularity() {
        return granularity;
    }

    /** Guest bytes covered. */
    public long size() {
        return size;
    }

    /** Number of bits. */
    public long bitCount() {
        return bits;
    }

    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean persistent() {
        return persistent;
    }

    /** Found marked in use on disk when loaded: its content is unknown and it cannot be used. */
    public boolean inconsistent() {
        return inconsistent;
    }

    public void setInconsistent(boolean inconsistent) {
        this.inconsistent = inconsistent;
    }

    /** Loaded from an image opened read-only. */
    public boolean readonly() {
        return readonly;
    }

    public void setReadonly(boolean readonly) {
        this.readonly = readonly;
    }

    /**
     * QEMU's bdrv_dirty_bitmap_check for an operation that changes the bitmap: the error text for a
     * read-only or inconsistent bitmap, or null if it may be used.
     */
    public String checkUsable(boolean allowReadonly) {
        if (!allowReadonly && readonly) {
            return "Bitmap '" + name + "' is readonly and cannot be modified";
        }
        if (inconsistent) {
            return "Bitmap '" + name + "' is inconsistent and cannot be used\n"
                    + "Try block-dirty-bitmap-remove to delete this bitmap from disk";
        }
        return null;
    }

    /** Marks the guest range [offset, offset + bytes) dirty (clamped to the covered size). */
    public void setDirty(long offset, long bytes) {
        if (bytes <= 0 || offset >= size) {
            return;
        }
        long end = Math.min(size, offset + bytes);
        setBits(offset / granularity, (end - 1) / granularity + 1);
    }

    /** Sets bits [from, to). */
    public void setBits(long from, long to) {
        to = Math.min(to, bits);
        long i = from;
        while (i < to) {
            long chunk = i / CHUNK_BITS;
            long chunkEnd = Math.min(to, (chunk + 1) * CHUNK_BITS);
            long[] words = chunks.computeIfAbsent(chunk, k -> new long[CHUNK_WORDS]);
            for (long b = i; b < chunkEnd; b++) {
                int local = (int) (b - chunk * CHUNK_BITS);
                words[local >>> 6] |= 1L << (local & 63);
            }
            i = chunkEnd;
        }
    }

    public boolean get(long bit) {
        long[] words = chunks.get(bit / CHUNK_BITS);
        if (words == null) {
            return false;
        }
        int local = (int) (bit % CHUNK_BITS);
        return (words[local >>> 6] & (1L << (local & 63))) != 0;
    }

    /** The first set bit at or after {@code from}, or -1. */
    public long nextSetBit(long from) {
        if (from < 0) {
            from = 0;
        }
        for (Map.Entry<Long, long[]> e : chunks.tailMap(from / CHUNK_BITS, true).entrySet()) {
            long base = e.getKey() * CHUNK_BITS;
            long[] words = e.getValue();
            int start = (int) Math.max(0, from - base);
            for (int w = start >>> 6; w < CHUNK_WORDS; w++) {
                long word = words[w];
                if (w == start >>> 6) {
                    word &= -1L << (start & 63);
                }
                if (word != 0) {
                    long bit = base + ((long) w << 6) + Long.numberOfTrailingZeros(word);
                    return bit < bits ? bit : -1;
                }
            }
        }
        return -1;
    }

    /** Whether no bit is set. */
    public boolean isEmpty() {
        return nextSetBit(0) < 0;
    }

    public void clear() {
        chunks.clear();
    }

    /**
     * ORs {@code src} into this bitmap (block-dirty-bitmap-merge): every guest range dirty in the
     * source is marked dirty here, whatever the two granularities are.
     */
    public void merge(DirtyBitmap src) {
        long b = src.nextSetBit(0);
        while (b >= 0) {
            long runEnd = b + 1;
            while (runEnd < src.bits && src.get(runEnd)) {
                runEnd++;
            }
            setDirty(b * src.granularity, (runEnd - b) * src.granularity);
            b = src.nextSetBit(runEnd);
        }
    }

    /** Bits [firstBit, firstBit + 8 * out.length) into {@code out}, little-endian within bytes. */
    public void serialize(long firstBit, byte[] out) {
        java.util.Arrays.fill(out, (byte) 0);
        long last = Math.min(bits, firstBit + 8L * out.length);
        long b = nextSetBit(firstBit);
        while (b >= 0 && b < last) {
            long rel = b - firstBit;
            out[(int) (rel >>> 3)] |= (byte) (1 << (rel & 7));
            b = nextSetBit(b + 1);
        }
    }

    /** Sets the bits stored in {@code in} (little-endian within bytes) starting at {@code firstBit}. */
    public void deserialize(long firstBit, byte[] in) {
        for (int i = 0; i < in.length; i++) {
            int v = in[i] & 0xff;
            while (v != 0) {
                int k = Integer.numberOfTrailingZeros(v);
                long bit = firstBit + 8L * i + k;
                if (bit < bits) {
                    setBits(bit, bit + 1);
                }
                v &= v - 1;
            }
        }
    }
}
