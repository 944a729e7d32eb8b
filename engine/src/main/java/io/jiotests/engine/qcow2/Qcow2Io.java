package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import java.nio.ByteBuffer;

/** Byte-array reads and writes on a protocol node (the image file or the external data file). */
final class Qcow2Io {
    private Qcow2Io() {
    }

    /** QEMU's BDRV_MAX_LENGTH: INT64_MAX aligned down to the largest request alignment (1 GiB). */
    static final long MAX_REQUEST_END = Long.MAX_VALUE & ~((1L << 30) - 1);

    /** Whether a request [offset, offset + bytes) lies outside what QEMU's block layer accepts. */
    static boolean beyondMaxRequest(long offset, long bytes) {
        return offset < 0 || bytes < 0 || offset > MAX_REQUEST_END - bytes;
    }

    /** Metadata I/O: a coroutine holding the driver lock would yield here (qemu-io's aio turns). */
    private static void yieldPoint() {
        io.jiotests.engine.block.RequestTurns turns = io.jiotests.engine.block.RequestTurns.current();
        if (turns != null) {
            turns.metadataIo();
        }
    }

    private static void checkRequest(long offset, long bytes) throws BlockException {
        yieldPoint();
        if (beyondMaxRequest(offset, bytes)) {
            // bdrv_check_request: a negative or too large offset fails before any I/O
            throw new BlockException(io.jiotests.engine.block.Errno.EIO);
        }
    }

    /** Reads {@code len} bytes at {@code offset}; bytes past the end of the file read as zero. */
    static void read(BlockNode file, long offset, byte[] dst, int pos, int len) throws BlockException {
        checkRequest(offset, len);
        long fileLen = file.length();
        int avail = (int) Math.max(0, Math.min(len, fileLen - offset));
        if (avail > 0) {
            file.pread(offset, ByteBuffer.wrap(dst, pos, avail));
        }
        if (avail < len) {
            java.util.Arrays.fill(dst, pos + avail, pos + len, (byte) 0);
        }
    }

    /** Reads {@code dst} full (position to limit) at {@code offset}; past the end of the file reads as zero. */
    static void read(BlockNode file, long offset, ByteBuffer dst) throws BlockException {
        int len = dst.remaining();
        checkRequest(offset, len);
        long fileLen = file.length();
        int avail = (int) Math.max(0, Math.min(len, fileLen - offset));
        if (avail > 0) {
            file.pread(offset, dst.slice(dst.position(), avail));
        }
        if (avail < len) {
            Qcow2Reader.zero(dst, dst.position() + avail, len - avail);
        }
    }

    static byte[] read(BlockNode file, long offset, int len) throws BlockException {
        byte[] b = new byte[len];
        read(file, offset, b, 0, len);
        return b;
    }

    static void write(BlockNode file, long offset, byte[] src, int pos, int len) throws BlockException {
        yieldPoint();
        file.pwrite(offset, ByteBuffer.wrap(src, pos, len), 0);
    }

    static void write(BlockNode file, long offset, byte[] src) throws BlockException {
        write(file, offset, src, 0, src.length);
    }

    static long be64(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 56) | ((long) (b[off + 1] & 0xff) << 48)
                | ((long) (b[off + 2] & 0xff) << 40) | ((long) (b[off + 3] & 0xff) << 32)
                | ((long) (b[off + 4] & 0xff) << 24) | ((long) (b[off + 5] & 0xff) << 16)
                | ((long) (b[off + 6] & 0xff) << 8) | (b[off + 7] & 0xff);
    }

    static void putBe64(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static int be32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
                | (b[off + 3] & 0xff);
    }

    static void putBe32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
