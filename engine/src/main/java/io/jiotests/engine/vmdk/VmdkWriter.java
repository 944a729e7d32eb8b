package io.jiotests.engine.vmdk;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.Preallocation;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Writes to a VMDK image as QEMU 7.2 does. A write to an unallocated grain takes the next free
 * grain at the end of the extent file, first writing the parts of the grain the request does not
 * cover (the backing file's data, or zeroes), then the data, then the grain table entry and its
 * redundant copy. streamOptimized extents only take whole new grains, compressed behind a marker.
 * Zero writes mark whole grains zeroed where the extent has the zeroed-grain feature. The caller
 * holds the node's lock.
 */
final class VmdkWriter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int FILL_CHUNK = 1 << 20;
    private final VmdkNode node;

    VmdkWriter(VmdkNode node) {
        this.node = node;
    }

    /** A data write of {@code src} at {@code offset}. */
    void write(long offset, ByteBuffer src) throws BlockException {
        writeRange(offset, src.remaining(), src, false, false);
    }

    /** vmdk_pwritev: data writes (zeroed false) or zeroed-grain writes, optionally a dry run. */
    private void writeRange(long offset, long bytes, ByteBuffer src, boolean zeroed, boolean dryRun)
            throws BlockException {
        long pos = offset;
        long left = bytes;
        while (left > 0) {
            VmdkExtent e = node.findExtent(pos >>> 9);
            if (e == null) {
                throw new BlockException(Errno.EIO);
            }
            long inCluster = e.offsetInCluster(pos);
            long n = Math.min(left, e.clusterBytes() - inCluster);
            VmdkExtent.Lookup lk = e.lookup(pos);
            boolean fresh = false;
            if (e.compressed()) {
                if (lk.state() == VmdkExtent.State.OK) {
                    node.messages.println("Could not write to allocated cluster for streamOptimized");
                    node.messages.flush();
                    throw new BlockException(Errno.EIO);
                } else if (!zeroed) {
                    lk = allocate(e, lk, pos, 0, 0);
                    fresh = true;
                }
            } else if (!zeroed && !e.flat && lk.state() != VmdkExtent.State.OK
                    && lk.state() != VmdkExtent.State.ERROR) {
                lk = allocate(e, lk, pos, inCluster, inCluster + n);
                fresh = true;
            }
            if (lk.state() == VmdkExtent.State.ERROR) {
                throw new BlockException(Errno.EINVAL);
            }
            if (zeroed) {
                if (e.hasZeroGrain() && inCluster == 0 && n >= e.clusterBytes()) {
                    n = e.clusterBytes();
                    if (!dryRun && lk.state() != VmdkExtent.State.ZEROED) {
                        requireGrainTable(lk);
                        e.updateGrainTable(lk, VmdkExtent.GTE_ZEROED);
                    }
                } else {
                    throw new BlockException(Errno.ENOTSUP);
                }
            } else {
                ByteBuffer part = src.slice(src.position(), (int) n);
                writeExtent(e, lk.hostOffset(), inCluster, part, pos);
                src.position(src.position() + (int) n);
                if (fresh) {
                    e.updateGrainTable(lk, lk.hostOffset() >>> 9);
                }
            }
            left -= n;
            pos += n;
            if (!node.cidUpdated) {
                writeCid(Integer.toUnsignedLong(RANDOM.nextInt()));
                node.cidUpdated = true;
            }
        }
    }

    private static void requireGrainTable(VmdkExtent.Lookup lk) throws BlockException {
        if (lk.gtSector() == 0) {
            throw new BlockException(Errno.EINVAL); // no grain table to record the grain in
        }
    }

    /**
     * get_cluster_offset's allocation: the next grain of the extent file, its uncovered parts
     * ([0, skipStart) and [skipEnd, grain)) filled from the backing file or with zeroes.
     */
    private VmdkExtent.Lookup allocate(VmdkExtent e, VmdkExtent.Lookup lk, long pos, long skipStart,
                                       long skipEnd) throws BlockException {
        requireGrainTable(lk);
        if (e.nextClusterSector >= VmdkExtent.MAX_SECTORS) {
            throw new BlockException(Errno.EINVAL);
        }
        long clusterSector = e.nextClusterSector;
        e.nextClusterSector += e.grainSectors;
        boolean fromZeroed = lk.state() == VmdkExtent.State.ZEROED;
        long host = clusterSector << 9;
        long guestStart = pos - e.offsetInCluster(pos);
        boolean copy = node.backing() != null && !fromZeroed;
        if (node.backing() != null && !node.isCidValid()) {
            throw new BlockException(Errno.EINVAL);
        }
        if (skipStart > 0) {
            fill(e, host, guestStart, 0, skipStart, copy);
        }
        if (skipEnd < e.clusterBytes()) {
            fill(e, host, guestStart, skipEnd, e.clusterBytes(), copy);
        }
        return new VmdkExtent.Lookup(VmdkExtent.State.OK, host, lk.gtSector(), lk.gtIndex(), lk.gdIndex());
    }

    /** Writes [from, to) of a new grain: the backing file's bytes or zeroes, in bounded chunks. */
    private void fill(VmdkExtent e, long host, long guestStart, long from, long to, boolean copy)
            throws BlockException {
        if (host > VmdkExtent.MAX_LENGTH - to) {
            throw new BlockException(Errno.EIO);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(FILL_CHUNK, to - from));
        for (long at = from; at < to; ) {
            int n = (int) Math.min(buf.capacity(), to - at);
            buf.clear().limit(n);
            if (copy) {
                node.readBacking(guestStart + at, buf);
                buf.flip();
            }
            e.file.pwrite(host + at, buf, 0);
            at += n;
        }
    }

    /** vmdk_write_extent: plain data in place, or a whole grain compressed behind its marker. */
    private void writeExtent(VmdkExtent e, long clusterOffset, long inCluster, ByteBuffer part, long guestOffset)
            throws BlockException {
        long writeOffset;
        ByteBuffer data;
        if (e.compressed()) {
            if (inCluster != 0 || part.remaining() < e.clusterBytes() || !e.hasMarkers()) {
                throw new BlockException(Errno.EINVAL);
            }
            byte[] grain = new byte[part.remaining()];
            part.duplicate().get(grain);
            data = VmdkGrainIo.compressedGrain(grain, guestOffset >>> 9);
            writeOffset = clusterOffset;
        } else {
            data = part.duplicate();
            writeOffset = clusterOffset + inCluster;
        }
        int n = data.remaining();
        if (writeOffset < 0 || writeOffset > VmdkExtent.MAX_LENGTH - n) {
            throw new BlockException(Errno.EIO);
        }
        e.file.pwrite(writeOffset, data, 0);
        long endSector = (writeOffset + n + 511) >>> 9;
        e.nextClusterSector = e.compressed() ? endSector : Math.max(e.nextClusterSector, endSector);
    }

    /** vmdk_write_cid: the descriptor area rewritten with a new CID (and synced). */
    void writeCid(long newCid) throws BlockException {
        byte[] area = node.readDescriptorArea();
        byte[] fresh = VmdkDescriptor.withCid(area, newCid);
        node.file().pwrite(node.descOffset, ByteBuffer.wrap(fresh), 0);
        node.file().flush();
        node.cid = newCid;
    }

    /**
     * vmdk_co_pwrite_zeroes behind the block layer: the parts before and after whole grains are
     * written as zero data; the grain-aligned middle is marked zeroed if every grain can be (a dry
     * run first), else written as zero data too.
     */
    void writeZeroes(long offset, long bytes, int flags) throws BlockException {
        long align = 1;
        for (VmdkExtent e : node.extents) {
            if (!e.flat) {
                align = Math.max(align, e.clusterBytes());
            }
        }
        long end = offset + bytes;
        long head = Math.min(end, (offset + align - 1) / align * align);
        long tail = Math.max(head, end / align * align);
        if (head > offset) {
            zeroData(offset, head - offset, flags);
        }
        if (tail > head) {
            boolean marked = false;
            try {
                writeRange(head, tail - head, null, true, true);
                writeRange(head, tail - head, null, true, false);
                marked = true;
            } catch (BlockException ex) {
                if (ex.errno() != Errno.ENOTSUP) {
                    throw ex;
                }
            }
            if (!marked) {
                zeroData(head, tail - head, flags);
            }
        }
        if (end > tail) {
            zeroData(tail, end - tail, flags);
        }
    }

    private void zeroData(long offset, long bytes, int flags) throws BlockException {
        if ((flags & BlockNode.WRITE_NO_FALLBACK) != 0) {
            throw new BlockException(Errno.ENOTSUP);
        }
        ByteBuffer z = ByteBuffer.allocate((int) Math.min(bytes, FILL_CHUNK));
        for (long done = 0; done < bytes; ) {
            int n = (int) Math.min(z.capacity(), bytes - done);
            z.clear().limit(n);
            writeRange(offset + done, n, z, false, false);
            done += n;
        }
    }

    /** The end of a compressed stream (a zero-length compressed write): extent files to whole sectors. */
    void alignExtentFiles() throws BlockException {
        for (VmdkExtent e : node.extents) {
            long len = e.file.length();
            long aligned = (len + 511) / 512 * 512;
            if (aligned != len) {
                e.file.truncate(aligned, false, Preallocation.OFF);
            }
        }
    }
}
