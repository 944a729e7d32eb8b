package io.jiotests.engine.vdi;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The VDI header: the first 512 bytes of the image, every integer little endian. Layout (byte
 * offsets): 0x00 text (64), 0x40 signature, 0x44 version, 0x48 header size, 0x4c image type,
 * 0x50 image flags, 0x54 description (256), 0x154 block map offset, 0x158 data offset, 0x15c legacy
 * geometry (cylinders, heads, sectors, sector size), 0x16c unused, 0x170 disk size (64 bit),
 * 0x178 block size, 0x17c block extra, 0x180 blocks in image, 0x184 blocks allocated,
 * 0x188 image UUID, 0x198 last snapshot UUID, 0x1a8 link UUID, 0x1b8 parent UUID, 0x1c8 LCHS
 * geometry and unused words up to 0x200. The fields qemu does not interpret are kept as raw bytes
 * so that a header rewrite (after a block allocation) leaves them untouched.
 */
public final class VdiHeader {
    public static final int SIZE = 512;
    public static final int SIGNATURE = 0xbeda107f;
    public static final int VERSION_1_1 = 0x00010001;
    public static final int TYPE_DYNAMIC = 1;
    public static final int TYPE_STATIC = 2;
    public static final int SECTOR_SIZE = 512;
    public static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    /** Block map entry of a block that is not allocated. */
    public static final int UNALLOCATED = 0xffffffff;
    /** Block map entry of a discarded block (reads as zeroes; VirtualBox writes it). */
    public static final int DISCARDED = 0xfffffffe;
    /** The largest number of blocks qemu accepts. */
    public static final long BLOCKS_IN_IMAGE_MAX = 0x1fffff80L;
    /** The largest virtual size qemu creates. */
    public static final long DISK_SIZE_MAX = BLOCKS_IN_IMAGE_MAX * DEFAULT_BLOCK_SIZE;
    private static final String TEXT = "<<< QEMU VM Virtual Disk Image >>>\n";
    private static final int HEADER_SIZE_V1_1 = 0x180;

    private static final int OFF_SIGNATURE = 0x40;
    private static final int OFF_VERSION = 0x44;
    private static final int OFF_HEADER_SIZE = 0x48;
    private static final int OFF_IMAGE_TYPE = 0x4c;
    private static final int OFF_BMAP = 0x154;
    private static final int OFF_DATA = 0x158;
    private static final int OFF_SECTOR_SIZE = 0x168;
    private static final int OFF_DISK_SIZE = 0x170;
    private static final int OFF_BLOCK_SIZE = 0x178;
    private static final int OFF_BLOCKS_IN_IMAGE = 0x180;
    private static final int OFF_BLOCKS_ALLOCATED = 0x184;
    private static final int OFF_UUID_IMAGE = 0x188;
    private static final int OFF_UUID_LAST_SNAP = 0x198;
    private static final int OFF_UUID_LINK = 0x1a8;
    private static final int OFF_UUID_PARENT = 0x1b8;

    private final byte[] raw;

    private VdiHeader(byte[] raw) {
        this.raw = raw;
    }

    /** Wraps the first {@link #SIZE} bytes of an image (a copy is kept). */
    public static VdiHeader parse(byte[] bytes) {
        byte[] copy = new byte[SIZE];
        System.arraycopy(bytes, 0, copy, 0, Math.min(bytes.length, SIZE));
        return new VdiHeader(copy);
    }

    /** The header qemu-img create writes, with fresh random image and snapshot UUIDs. */
    public static VdiHeader forCreate(long diskSize, int blocks, long dataOffset, boolean fixed,
                                      SecureRandom random) {
        VdiHeader h = new VdiHeader(new byte[SIZE]);
        byte[] text = TEXT.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, h.raw, 0, text.length);
        ByteBuffer b = h.le();
        b.putInt(OFF_SIGNATURE, SIGNATURE);
        b.putInt(OFF_VERSION, VERSION_1_1);
        b.putInt(OFF_HEADER_SIZE, HEADER_SIZE_V1_1);
        b.putInt(OFF_IMAGE_TYPE, fixed ? TYPE_STATIC : TYPE_DYNAMIC);
        b.putInt(OFF_BMAP, SECTOR_SIZE);
        b.putInt(OFF_DATA, (int) dataOffset);
        b.putInt(OFF_SECTOR_SIZE, SECTOR_SIZE);
        b.putLong(OFF_DISK_SIZE, diskSize);
        b.putInt(OFF_BLOCK_SIZE, DEFAULT_BLOCK_SIZE);
        b.putInt(OFF_BLOCKS_IN_IMAGE, blocks);
        b.putInt(OFF_BLOCKS_ALLOCATED, fixed ? blocks : 0);
        System.arraycopy(randomUuid(random), 0, h.raw, OFF_UUID_IMAGE, 16);
        System.arraycopy(randomUuid(random), 0, h.raw, OFF_UUID_LAST_SNAP, 16);
        return h;
    }

    /**
     * A random (version 4) UUID in VDI's byte order: the first three fields little endian, as
     * VirtualBox stores them, the rest as in RFC 4122.
     */
    static byte[] randomUuid(SecureRandom random) {
        byte[] u = new byte[16];
        random.nextBytes(u);
        u[6] = (byte) ((u[6] & 0x0f) | 0x40);
        u[8] = (byte) ((u[8] & 0x3f) | 0x80);
        swap(u, 0, 3);
        swap(u, 1, 2);
        swap(u, 4, 5);
        swap(u, 6, 7);
        return u;
    }

    private static void swap(byte[] a, int i, int j) {
        byte t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private ByteBuffer le() {
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }

    public byte[] toBytes() {
        return raw.clone();
    }

    public int signature() {
        return le().getInt(OFF_SIGNATURE);
    }

    public int version() {
        return le().getInt(OFF_VERSION);
    }

    public int imageType() {
        return le().getInt(OFF_IMAGE_TYPE);
    }

    public long bmapOffset() {
        return Integer.toUnsignedLong(le().getInt(OFF_BMAP));
    }

    public long dataOffset() {
        return Integer.toUnsignedLong(le().getInt(OFF_DATA));
    }

    public long sectorSize() {
        return Integer.toUnsignedLong(le().getInt(OFF_SECTOR_SIZE));
    }

    /** The disk size as stored (may be unaligned; qemu rounds it up to whole sectors). */
    public long diskSize() {
        return le().getLong(OFF_DISK_SIZE);
    }

    public long blockSize() {
        return Integer.toUnsignedLong(le().getInt(OFF_BLOCK_SIZE));
    }

    public long blocksInImage() {
        return Integer.toUnsignedLong(le().getInt(OFF_BLOCKS_IN_IMAGE));
    }

    public long blocksAllocated() {
        return Integer.toUnsignedLong(le().getInt(OFF_BLOCKS_ALLOCATED));
    }

    public void setBlocksAllocated(long n) {
        le().putInt(OFF_BLOCKS_ALLOCATED, (int) n);
    }

    public boolean linkUuidIsNull() {
        return isZero(OFF_UUID_LINK, 16);
    }

    public boolean parentUuidIsNull() {
        return isZero(OFF_UUID_PARENT, 16);
    }

    private boolean isZero(int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The virtual size qemu uses: the stored size rounded up to whole sectors (VBoxManage
     * convertfromraw writes odd sizes), in unsigned 64-bit arithmetic as qemu does.
     */
    public long roundedDiskSize() {
        return (diskSize() + SECTOR_SIZE - 1) & ~(long) (SECTOR_SIZE - 1);
    }

    /** Checks the header as qemu's vdi open does, in its order and with its messages. */
    public void validate() throws BlockException {
        if (Long.compareUnsigned(diskSize(), DISK_SIZE_MAX) > 0) { // checked first, before the signature
            throw new BlockException(Errno.ENOTSUP, "Unsupported VDI image size (size is 0x"
                    + Long.toHexString(diskSize()) + ", max supported is 0x"
                    + Long.toHexString(DISK_SIZE_MAX) + ")");
        }
        if (signature() != SIGNATURE) {
            throw new BlockException(Errno.EINVAL, String.format(
                    "Image not in VDI format (bad signature %08x)", signature()));
        }
        int v = version();
        if (v != VERSION_1_1) {
            throw new BlockException(Errno.ENOTSUP, "unsupported VDI image (version "
                    + (v >>> 16) + "." + (v & 0xffff) + ")");
        }
        if (bmapOffset() % SECTOR_SIZE != 0) {
            throw new BlockException(Errno.ENOTSUP, "unsupported VDI image (unaligned block map offset 0x"
                    + Long.toHexString(bmapOffset()) + ")");
        }
        if (dataOffset() % SECTOR_SIZE != 0) {
            throw new BlockException(Errno.ENOTSUP, "unsupported VDI image (unaligned data offset 0x"
                    + Long.toHexString(dataOffset()) + ")");
        }
        if (sectorSize() != SECTOR_SIZE) {
            throw new BlockException(Errno.ENOTSUP, "unsupported VDI image (sector size "
                    + sectorSize() + " is not " + SECTOR_SIZE + ")");
        }
        if (blockSize() != DEFAULT_BLOCK_SIZE) {
            throw new BlockException(Errno.ENOTSUP, "unsupported VDI image (block size "
                    + blockSize() + " is not " + DEFAULT_BLOCK_SIZE + ")");
        }
        long room = blocksInImage() * blockSize();
        long size = roundedDiskSize();
        if (Long.compareUnsigned(size, room) > 0) {
            throw new BlockException(Errno.ENOTSUP, "unsupported VDI image (disk size "
                    + Long.toUnsignedString(size)
                    + ", image bitmap has room for " + room + ")");
        }
        if (!linkUuidIsNull()) {
            throw new BlockException(Errno.ENOTSUP, "unsupported VDI image (non-NULL link UUID)");
        }
        if (!parentUuidIsNull()) {
            throw new BlockException(Errno.ENOTSUP, "unsupported VDI image (non-NULL parent UUID)");
        }
        if (blocksInImage() > BLOCKS_IN_IMAGE_MAX) {
            throw new BlockException(Errno.ENOTSUP, "unsupported VDI image (too many blocks "
                    + blocksInImage() + ", max is " + BLOCKS_IN_IMAGE_MAX + ")");
        }
    }
}
