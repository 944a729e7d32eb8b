package io.jiotests.engine.qed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An L1 or L2 table: {@code table_size} clusters of little-endian 64-bit cluster offsets. In an
 * L2 table, 0 is an unallocated cluster (read from the backing file) and 1 a zero cluster; in the
 * L1 table 0 is an unallocated L2 table.
 * The table knows where it is stored in the image file ({@link #offset()}).
 */
public final class QedTable {
    public static final long UNALLOCATED = 0;
    public static final long ZERO_CLUSTER = 1;

    private final long offset;
    private final long[] entries;

    public QedTable(long offset, long[] entries) {
        this.offset = offset;
        this.entries = entries;
    }

    /** Where the table is stored in the image file. */
    public long offset() {
        return offset;
    }

    /** An empty (all-unallocated) table that will live at {@code offset}. */
    public static QedTable empty(long offset, int nelems) {
        return new QedTable(offset, new long[nelems]);
    }

    /** Decodes {@code entries.length * 8} little-endian bytes starting at {@code raw[pos]}. */
    public static void decode(byte[] raw, int pos, long[] into, int first, int count) {
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            into[first + i] = bb.getLong(pos + i * 8);
        }
    }

    /** The entries [first, first + count) as little-endian bytes. */
    public byte[] encode(int first, int count) {
        ByteBuffer bb = ByteBuffer.allocate(count * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            bb.putLong(i * 8, entries[first + i]);
        }
        return bb.array();
    }

    public int size() {
        return entries.length;
    }

    public long get(int index) {
        return entries[index];
    }

    public void set(int index, long value) {
        entries[index] = value;
    }

    public static boolean isUnallocated(long entry) {
        return entry == UNALLOCATED;
    }

    public static boolean isZero(long entry) {
        return entry == ZERO_CLUSTER;
    }
}
