package io.jiotests.engine.vpc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What the VHD footer and dynamic disk header share: a fixed-size big-endian record that starts
 * with an 8-byte cookie and carries a one's-complement byte-sum checksum. Bytes that qemu does not
 * interpret are kept as read.
 */
abstract sealed class VhdStructure permits VhdFooter, VhdDynamicHeader {
    protected final byte[] raw;
    private final byte[] cookie;

    /** The record of {@code size} bytes read from {@code bytes} (zero-padded when shorter). */
    VhdStructure(byte[] bytes, int size, byte[] cookie) {
        this.raw = Arrays.copyOf(bytes, size);
        this.cookie = cookie;
    }

    /** One's complement of the sum of all bytes, the 4-byte checksum field at {@code field} taken as 0. */
    static int checksum(byte[] data, int field) {
        int sum = 0;
        for (int i = 0; i < data.length; i++) {
            if (i < field || i >= field + 4) {
                sum += data[i] & 0xff;
            }
        }
        return ~sum;
    }

    final ByteBuffer be() {
        return ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
    }

    public final byte[] toBytes() {
        return raw.clone();
    }

    public final boolean hasCookie() {
        return Arrays.equals(raw, 0, cookie.length, cookie, 0, cookie.length);
    }
}
