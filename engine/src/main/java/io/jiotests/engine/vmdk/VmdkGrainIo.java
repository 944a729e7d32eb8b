package io.jiotests.engine.vmdk;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reading grain data: plain grains and flat extents straight from the extent file, compressed
 * grains (streamOptimized) inflated as a stream in fixed-size chunks, so that neither a claimed
 * grain size nor a claimed compressed size makes the reader allocate more than a few chunks.
 */
final class VmdkGrainIo {
    /** A compressed grain's marker: the grain's first guest sector (u64) and the data size (u32). */
    static final int MARKER_SIZE = 12;
    private static final int CHUNK = 64 * 1024;

    private VmdkGrainIo() {
    }

    /** Reads {@code dst.remaining()} bytes at {@code inCluster} of the grain at {@code clusterOffset}. */
    static void read(VmdkExtent e, long clusterOffset, long inCluster, ByteBuffer dst) throws BlockException {
        if (!e.compressed()) {
            long at = clusterOffset + inCluster;
            if (at < 0 || at > VmdkExtent.MAX_LENGTH - dst.remaining()) {
                throw new BlockException(Errno.EIO);
            }
            e.file.pread(at, dst);
            return;
        }
        readCompressed(e, clusterOffset, inCluster, dst);
    }

    /**
     * QEMU's compressed read: the grain (after its marker, if the extent has markers) must be one
     * complete zlib stream of at most a grain, covering the requested range; EINVAL otherwise.
     */
    private static void readCompressed(VmdkExtent e, long clusterOffset, long inCluster, ByteBuffer dst)
            throws BlockException {
        long clusterBytes = e.clusterBytes();
        long bufBytes = clusterBytes * 2;
        long start = clusterOffset;
        long dataLen = clusterBytes;
        if (clusterOffset > VmdkExtent.MAX_LENGTH - bufBytes) {
            throw new BlockException(Errno.EIO);
        }
        if (e.hasMarkers()) {
            ByteBuffer m = ByteBuffer.allocate(MARKER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            e.file.pread(clusterOffset, m);
            dataLen = Integer.toUnsignedLong(m.getInt(8));
            start += MARKER_SIZE;
        }
        if (dataLen == 0 || dataLen > bufBytes) {
            throw new BlockException(Errno.EINVAL);
        }
        // QEMU reads two grains from the marker on: compressed bytes past them are not its input
        long available = Math.min(dataLen, clusterOffset + bufBytes - start);
        long want = inCluster + dst.remaining();
        Inflater inf = new Inflater();
        try {
            byte[] in = new byte[(int) Math.min(CHUNK, Math.max(1, available))];
            byte[] out = new byte[CHUNK];
            long fed = 0;
            long produced = 0;
            while (!inf.finished()) {
                if (inf.needsInput()) {
                    if (fed >= available) {
                        throw new BlockException(Errno.EINVAL);
                    }
                    int n = (int) Math.min(in.length, available - fed);
                    e.file.pread(start + fed, ByteBuffer.wrap(in, 0, n));
                    fed += n;
                    inf.setInput(in, 0, n);
                }
                if (inf.needsDictionary()) {
                    throw new BlockException(Errno.EINVAL);
                }
                int got = inf.inflate(out);
                if (got > 0) {
                    if (produced + got > clusterBytes) {
                        throw new BlockException(Errno.EINVAL);
                    }
                    copyWindow(out, got, produced, inCluster, want, dst);
                    produced += got;
                }
            }
            if (want > produced) {
                throw new BlockException(Errno.EINVAL);
            }
            dst.position(dst.position() + (int) (want - inCluster));
        } catch (DataFormatException ex) {
            throw new BlockException(Errno.EINVAL);
        } finally {
            inf.end();
        }
    }

    /** Copies the part of out[0, got) (at stream offset {@code at}) that falls in [from, to) into dst. */
    private static void copyWindow(byte[] out, int got, long at, long from, long to, ByteBuffer dst) {
        long lo = Math.max(at, from);
        long hi = Math.min(at + got, to);
        if (lo < hi) {
            dst.put((int) (dst.position() + lo - from), out, (int) (lo - at), (int) (hi - lo));
        }
    }

    /** The marker and zlib stream of one whole grain (not padded: the next grain starts at the next sector); EINVAL when it cannot be compressed. */
    static ByteBuffer compressedGrain(byte[] grain, long lba) throws BlockException {
        byte[] z = VmdkDeflate.compress(grain, grain.length * 2);
        if (z == null || z.length == 0) {
            throw new BlockException(Errno.EINVAL);
        }
        ByteBuffer b = ByteBuffer.allocate(MARKER_SIZE + z.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(lba).putInt(z.length).put(z).flip();
        return b;
    }
}
