package io.jiotests.engine.qcow;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 48-byte header of a qcow version 1 image, big-endian: magic "QFI\xfb", version 1, backing
 * file offset (u64) and size (u32), mtime (u32), disk size (u64), cluster_bits (u8), l2_bits
 * (u8), two padding bytes, crypt_method (u32) and the L1 table offset (u64).
 */
public final class QcowHeader {
    public static final int MAGIC = 0x514649fb;
    public static final int VERSION = 1;
    public static final int SIZE = 48;
    public static final int CRYPT_NONE = 0;
    public static final int CRYPT_AES = 1;

    public int magic = MAGIC;
    public int version = VERSION;
    public long backingFileOffset;
    /** Unsigned 32-bit on disk. */
    public long backingFileSize;
    public int mtime;
    /** Unsigned 64-bit on disk. */
    public long size;
    public int clusterBits;
    public int l2Bits;
    public int cryptMethod;
    public long l1TableOffset;

    /** Decodes the first {@link #SIZE} bytes of {@code b} (zeroes where the file was shorter). */
    public static QcowHeader parse(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b, 0, SIZE).order(ByteOrder.BIG_ENDIAN);
        QcowHeader h = new QcowHeader();
        h.magic = buf.getInt(0);
        h.version = buf.getInt(4);
        h.backingFileOffset = buf.getLong(8);
        h.backingFileSize = Integer.toUnsignedLong(buf.getInt(16));
        h.mtime = buf.getInt(20);
        h.size = buf.getLong(24);
        h.clusterBits = b[32] & 0xff;
        h.l2Bits = b[33] & 0xff;
        h.cryptMethod = buf.getInt(36);
        h.l1TableOffset = buf.getLong(40);
        return h;
    }

    public byte[] encode() {
        ByteBuffer buf = ByteBuffer.allocate(SIZE).order(ByteOrder.BIG_ENDIAN);
        buf.putInt(magic).putInt(version).putLong(backingFileOffset).putInt((int) backingFileSize)
                .putInt(mtime).putLong(size).put((byte) clusterBits).put((byte) l2Bits)
                .putShort((short) 0).putInt(cryptMethod).putLong(l1TableOffset);
        return buf.array();
    }

    /**
     * QEMU's checks of the fixed fields, in its order and words; returns the number of L1
     * entries the disk size needs. An AES-encrypted image opens only without I/O (info): its
     * key would have to come from an {@code encrypt.key-secret} object, which the engine lacks.
     */
    int validate(boolean noIo) throws BlockException {
        if (magic != MAGIC) {
            throw new BlockException(Errno.EINVAL, "Image not in qcow format");
        }
        if (version != VERSION) {
            String msg = "qcow (v1) does not support qcow version " + Integer.toUnsignedString(version);
            if (version == 2 || version == 3) {
                msg += "\nTry the 'qcow2' driver instead.";
            }
            throw new BlockException(Errno.ENOTSUP, msg);
        }
        if (Long.compareUnsigned(size, 1) <= 0) {
            throw new BlockException(Errno.EINVAL, "Image size is too small (must be at least 2 bytes)");
        }
        if (clusterBits < 9 || clusterBits > 16) {
            throw new BlockException(Errno.EINVAL, "Cluster size must be between 512 and 64k");
        }
        if (l2Bits < 9 - 3 || l2Bits > 16 - 3) {
            throw new BlockException(Errno.EINVAL, "L2 table size must be between 512 and 64k");
        }
        if (cryptMethod == CRYPT_AES) {
            if (!noIo) {
                throw new BlockException(Errno.EINVAL,
                        "Parameter 'encrypt.key-secret' is required for cipher");
            }
        } else if (cryptMethod != CRYPT_NONE) {
            throw new BlockException(Errno.EINVAL, "invalid encryption method in qcow header");
        }
        int shift = clusterBits + l2Bits;
        long span = 1L << shift;
        if (Long.compareUnsigned(size, -1L - span) > 0) {
            throw new BlockException(Errno.EINVAL, "Image too large");
        }
        long l1Size = Long.divideUnsigned(size + span - 1, span);
        if (l1Size > Integer.MAX_VALUE / 8) {
            throw new BlockException(Errno.EINVAL, "Image too large");
        }
        return (int) l1Size;
    }
}
