package io.jiotests.engine.qcow;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.FirstFailure;
import io.jiotests.engine.block.FormatNodeBase;
import io.jiotests.engine.block.OpenFlags;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open qcow version 1 image. Requests are handled cluster by cluster under one lock, as QEMU's
 * qcow driver does (512-byte request alignment; the generic layer does read-modify-write below
 * it). Writes do not copy anything from the backing file: a new cluster is zero-filled apart
 * from what is written (QEMU creates backed images with 512-byte clusters for that reason).
 * Zero writes write zero bytes and discard does nothing (the format has neither).
 */
public final class QcowNode extends FormatNodeBase<QcowDriver> {
    private final QcowImage img;
    private final String backingFile;
    private BlockNode backing;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    QcowNode(QcowDriver driver, String filename, OpenFlags flags, QcowImage img, String backingFile) {
        super(driver, filename, img.file, flags);
        this.img = img;
        this.backingFile = backingFile;
    }

    @Override
    public BlockNode backing() {
        return backing;
    }

    @Override
    public void setBacking(BlockNode backing) {
        this.backing = backing;
    }

    @Override
    public String backingFilename() {
        return backingFile;
    }

    @Override
    public long length() {
        return img.length;
    }

    @Override
    public int requestAlignment() {
        return 512;
    }

    @Override
    public int clusterSize() {
        return img.clusterSize;
    }

    @Override
    public boolean isEncrypted() {
        return img.header.cryptMethod != QcowHeader.CRYPT_NONE;
    }

    @Override
    public void pread(long offset, ByteBuffer dst) throws BlockException {
        int total = dst.remaining();
        byte[] b = new byte[total];
        lock.lock();
        try {
            int done = 0;
            while (done < total) {
                long cur = offset + done;
                int into = (int) (cur & (img.clusterSize - 1));
                int n = Math.min(total - done, img.clusterSize - into);
                long entry = img.lookup(cur);
                if (entry == 0) {
                    readBacking(cur, b, done, n);
                } else if (img.isCompressed(entry)) {
                    System.arraycopy(img.decompress(entry), into, b, done, n);
                } else {
                    img.readInto((entry & img.clusterOffsetMask) + into, b, done, n);
                }
                done += n;
            }
        } finally {
            lock.unlock();
        }
        dst.put(b);
    }

    private void readBacking(long offset, byte[] b, int pos, int n) throws BlockException {
        Arrays.fill(b, pos, pos + n, (byte) 0);
        if (backing == null) {
            return;
        }
        long avail = Math.max(0, Math.min(n, backing.length() - offset));
        if (avail > 0) {
            backing.pread(offset, ByteBuffer.wrap(b, pos, (int) avail));
        }
    }

    @Override
    public void pwrite(long offset, ByteBuffer src, int wflags) throws BlockException {
        int total = src.remaining();
        byte[] b = new byte[total];
        src.get(b);
        lock.lock();
        try {
            if ((wflags & WRITE_COMPRESSED) != 0) {
                writeCompressed(offset, b);
            } else {
                writeClusters(offset, b);
            }
            if ((wflags & WRITE_FUA) != 0) {
                img.file.flush();
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeClusters(long offset, byte[] b) throws BlockException {
        int done = 0;
        while (done < b.length) {
            long cur = offset + done;
            int into = (int) (cur & (img.clusterSize - 1));
            int n = Math.min(b.length - done, img.clusterSize - into);
            long host = img.allocate(cur, 0, n == img.clusterSize);
            if (host == 0) {
                throw new BlockException(Errno.EIO);
            }
            img.forgetCompressed(host);
            img.file.pwrite(host + into, ByteBuffer.wrap(b, done, n), 0);
            done += n;
        }
    }

    /**
     * qcow_co_pwritev_compressed: one whole cluster (or the zero-padded last one of a disk whose
     * size is not a multiple of the cluster size), raw deflate as QEMU's zlib call makes it;
     * stored as a normal cluster when it does not shrink. An already allocated cluster is
     * overwritten in place, as QEMU does.
     */
    private void writeCompressed(long offset, byte[] b) throws BlockException {
        byte[] cluster = b; // a zero-length write (convert's end of stream) is refused too
        if (b.length != img.clusterSize) {
            if (b.length > img.clusterSize || offset + b.length != img.length) {
                throw new BlockException(Errno.EINVAL);
            }
            cluster = Arrays.copyOf(b, img.clusterSize);
        }
        byte[] out;
        try {
            out = io.jiotests.engine.qcow2.Qcow2NativeCompressor.deflateRaw(cluster, img.clusterSize);
        } catch (java.io.IOException e) {
            throw new BlockException(Errno.EIO, "Could not compress: " + e.getMessage());
        }
        if (out == null || out.length >= img.clusterSize) {
            writeClusters(offset, b);
            return;
        }
        long host = img.allocate(offset, out.length, true);
        if (host == 0) {
            throw new BlockException(Errno.EIO);
        }
        img.forgetCompressed(host);
        img.file.pwrite(host, ByteBuffer.wrap(out), 0);
    }

    @Override
    public BlockStatus blockStatus(long offset, long bytes, boolean wantZero) throws BlockException {
        lock.lock();
        try {
            long into = offset & (img.clusterSize - 1);
            long n = Math.min(bytes, img.clusterSize - into);
            long entry = img.lookup(offset);
            if (entry == 0) {
                n = Math.max(n, img.unallocatedRun(offset, bytes));
            }
            int st = 0;
            long map = 0;
            BlockNode f = null;
            if (entry != 0) {
                st = BlockStatus.DATA | BlockStatus.ALLOCATED;
                if (!img.isCompressed(entry) && !isEncrypted()) {
                    st |= BlockStatus.OFFSET_VALID;
                    map = (entry & img.clusterOffsetMask) + into;
                    f = img.file;
                }
            }
            if (offset + n >= length()) {
                st |= BlockStatus.EOF;
            }
            return new BlockStatus(st, n, map, f);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() throws BlockException {
        img.file.flush();
    }

    @Override
    public void close() throws BlockException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            FirstFailure failure = new FirstFailure();
            failure.close(backing);
            failure.close(img.file);
            failure.throwIfAny();
        } finally {
            lock.unlock();
        }
    }
}
