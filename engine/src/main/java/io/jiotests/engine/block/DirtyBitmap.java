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
    /** The shared words of every all-ones chunk (never written). */
    private static final long[] FULL = filled();

    private static long[] filled() {
        long[] w = new long[CHUNK_WORDS];
        java.util.Arrays.fill(w, -1L);
        return w;
    }

    private final String name;
    private final long granularity;
    private long size;
    private long bits;
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

    /** The node was resized: the bitmap now covers {@code newSize} bytes; bits past the end go. */
    public void truncate(long newSize) {
        long newBits = newSize == 0 ? 0 : (newSize - 1) / granularity + 1;
        if (newBits < bits) {
            long firstChunk = newBits / CHUNK_BITS;
            chunks.tailMap(firstChunk, false).clear();
            long[] words = chunks.get(firstChunk);
            if (words != null) {
                long[] kept = new long[CHUNK_WORDS];
                int keep = (int) (newBits - firstChunk * CHUNK_BITS);
                for (int w = 0; w < (keep >>> 6); w++) {
                    kept[w] = words[w];
                }
                if ((keep & 63) != 0) {
                    kept[keep >>> 6] = words[keep >>> 6] & (-1L >>> (64 - (keep & 63)));
                }
                chunks.put(firstChunk, kept);
                compact(firstChunk, kept);
            }
        }
        size = newSize;
        bits = newBits;
    }

    /** Marks the guest range [offset, offset + bytes) dirty (clamped to the covered size). */
    public void setDirty(long offset, long bytes) {
        if (bytes <= 0 || offset >= size) {
            return;
        }
        long end = Math.min(size, offset + bytes);
        setBits(offset / granularity, (end - 1) / granularity + 1);
    }

    /** Sets bits [from, to). A chunk that becomes all ones shares one array (costs no memory). */
    public void setBits(long from, long to) {
        to = Math.min(to, bits);
        long i = Math.max(0, from);
        while (i < to) {
            long chunk = i / CHUNK_BITS;
            long base = chunk * CHUNK_BITS;
            long chunkEnd = Math.min(to, base + CHUNK_BITS);
            long[] words = chunks.get(chunk);
            if (words != FULL) {
                if (i == base && chunkEnd == base + CHUNK_BITS) {
                    chunks.put(chunk, FULL);
                } else {
                    if (words == null) {
                        words = new long[CHUNK_WORDS];
                        chunks.put(chunk, words);
                    }
                    fill(words, (int) (i - base), (int) (chunkEnd - base));
                    if (chunkEnd - i >= 1024) {
                        compact(chunk, words); // large fills may complete a chunk
                    }
                }
            }
            i = chunkEnd;
        }
    }

    /** Sets bits [from, to) of one chunk's words. */
    private static void fill(long[] words, int from, int to) {
        int fw = from >>> 6;
        int lw = (to - 1) >>> 6;
        long firstMask = -1L << (from & 63);
        long lastMask = -1L >>> (63 - ((to - 1) & 63));
        if (fw == lw) {
            words[fw] |= firstMask & lastMask;
            return;
        }
        words[fw] |= firstMask;
        for (int w = fw + 1; w < lw; w++) {
            words[w] = -1L;
        }
        words[lw] |= lastMask;
    }

    /** Replaces an all-ones chunk by the shared array and drops an all-zero one. */
    private void compact(long chunk, long[] words) {
        boolean ones = true;
        boolean zeros = true;
        for (long w : words) {
            ones &= w == -1L;
            zeros &= w == 0;
        }
        if (ones) {
            chunks.put(chunk, FULL);
        } else if (zeros) {
            chunks.remove(chunk);
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

    /** The first clear bit at or after {@code from} (may be {@link #bitCount()}). */
    public long nextClearBit(long from) {
        long i = Math.max(0, from);
        while (i < bits) {
            long chunk = i / CHUNK_BITS;
            long base = chunk * CHUNK_BITS;
            long[] words = chunks.get(chunk);
            if (words == null) {
                return i;
            }
            if (words != FULL) {
                int start = (int) (i - base);
                for (int w = start >>> 6; w < CHUNK_WORDS; w++) {
                    long word = ~words[w];
                    if (w == start >>> 6) {
                        word &= -1L << (start & 63);
                    }
                    if (word != 0) {
                        return Math.min(bits, base + ((long) w << 6) + Long.numberOfTrailingZeros(word));
                    }
                }
            }
            i = base + CHUNK_BITS;
        }
        return bits;
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
            long runEnd = src.nextClearBit(b + 1);
            long from = b * src.granularity;
            long len = (runEnd - b) * src.granularity;
            setDirty(from, Math.min(len, size - from));
            b = runEnd >= src.bits ? -1 : src.nextSetBit(runEnd);
        }
    }

    /** Bits [firstBit, firstBit + 8 * out.length) into {@code out}, little-endian within bytes. */
    public void serialize(long firstBit, byte[] out) {
        java.util.Arrays.fill(out, (byte) 0);
        long last = Math.min(bits, firstBit + 8L * out.length);
        long b = nextSetBit(firstBit);
        while (b >= 0 && b < last) {
            long runEnd = Math.min(last, nextClearBit(b + 1));
            for (long k = b; k < runEnd; k++) {
                long rel = k - firstBit;
                if ((rel & 7) == 0 && runEnd - k >= 8) {
                    out[(int) (rel >>> 3)] = (byte) 0xff;
                    k += 7;
                } else {
                    out[(int) (rel >>> 3)] |= (byte) (1 << (rel & 7));
                }
            }
            b = runEnd >= last ? -1 : nextSetBit(runEnd);
        }
    }

    /**
     * Sets the bits stored in {@code in} (little-endian within bytes) starting at {@code firstBit}
     * (a multiple of 64). Chunks that end up all ones share one array, so repeated all-ones data
     * costs no memory.
     */
    public void deserialize(long firstBit, byte[] in) {
        if ((firstBit & 63) != 0) {
            throw new IllegalArgumentException("unaligned " + firstBit);
        }
        java.util.Set<Long> touched = new java.util.HashSet<>();
        for (int i = 0; i < in.length; i += 8) {
            long word = 0;
            for (int k = Math.min(8, in.length - i) - 1; k >= 0; k--) {
                word = word << 8 | (in[i + k] & 0xff);
            }
            long bit = firstBit + 8L * i;
            if (word == 0 || bit >= bits) {
                continue;
            }
            if (bits - bit < 64) {
                word &= -1L >>> (64 - (bits - bit));
            }
            long chunk = bit / CHUNK_BITS;
            long[] words = chunks.get(chunk);
            if (words == FULL) {
                continue;
            }
            if (words == null) {
                words = new long[CHUNK_WORDS];
                chunks.put(chunk, words);
            }
            words[(int) ((bit - chunk * CHUNK_BITS) >>> 6)] |= word;
            touched.add(chunk);
        }
        for (long chunk : touched) {
            long[] words = chunks.get(chunk);
            if (words != null && words != FULL) {
                compact(chunk, words);
            }
        }
    }
}
