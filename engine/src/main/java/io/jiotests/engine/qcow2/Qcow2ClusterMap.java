package io.jiotests.engine.qcow2;

import io.jiotests.engine.blkdebug.BlkdebugEvent;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;

/**
 * The guest-to-host mapping: the L1 table and the L2 tables (standard 8-byte entries or extended
 * 16-byte entries with a subcluster bitmap), lookup of the host offset and subcluster type of a
 * guest range, and allocation of L2 tables.
 */
final class Qcow2ClusterMap {
    // subcluster types (QCow2SubclusterType)
    static final int SC_UNALLOCATED_PLAIN = 0;
    static final int SC_UNALLOCATED_ALLOC = 1;
    static final int SC_ZERO_PLAIN = 2;
    static final int SC_ZERO_ALLOC = 3;
    static final int SC_NORMAL = 4;
    static final int SC_COMPRESSED = 5;
    static final int SC_INVALID = 6;
    // cluster types (QCow2ClusterType)
    static final int C_UNALLOCATED = 0;
    static final int C_ZERO_PLAIN = 1;
    static final int C_ZERO_ALLOC = 2;
    static final int C_NORMAL = 3;
    static final int C_COMPRESSED = 4;

    static final long BITMAP_ALL_ALLOC = 0xffffffffL;
    static final long BITMAP_ALL_ZEROES = 0xffffffffL << 32;

    /**
     * The answer for a guest range: its subcluster type, how many bytes from the queried offset
     * share it, the host offset of the queried byte (NORMAL / ZERO_ALLOC / UNALLOCATED_ALLOC) or
     * the compressed descriptor (COMPRESSED), and the raw L2 entry.
     */
    record Mapping(int type, long bytes, long hostOffset, long l2Entry) {
    }

    /** An L2 table in the cache: its host offset, contents and the index for the guest offset. */
    record L2Ref(long offset, byte[] table, int index) {
    }

    private final Qcow2State s;

    Qcow2ClusterMap(Qcow2State s) {
        this.s = s;
    }

    long entry(byte[] t, int i) {
        return Qcow2Io.be64(t, i * s.l2EntryBytes());
    }

    long bitmap(byte[] t, int i) {
        return s.extendedL2 ? Qcow2Io.be64(t, i * 16 + 8) : 0;
    }

    void setEntry(byte[] t, int i, long e) {
        Qcow2Io.putBe64(t, i * s.l2EntryBytes(), e);
    }

    void setBitmap(byte[] t, int i, long b) {
        if (s.extendedL2) {
            Qcow2Io.putBe64(t, i * 16 + 8, b);
        }
    }

    int clusterType(long e) {
        if ((e & Qcow2State.OFLAG_COMPRESSED) != 0) {
            return C_COMPRESSED;
        }
        if ((e & Qcow2State.OFLAG_ZERO) != 0 && !s.extendedL2) {
            return (e & Qcow2State.L2E_OFFSET_MASK) != 0 ? C_ZERO_ALLOC : C_ZERO_PLAIN;
        }
        if ((e & Qcow2State.L2E_OFFSET_MASK) == 0) {
            return s.hasDataFile() && (e & Qcow2State.OFLAG_COPIED) != 0 ? C_NORMAL : C_UNALLOCATED;
        }
        return C_NORMAL;
    }

    int subclusterType(long e, long bm, int sc) {
        int ct = clusterType(e);
        if (!s.extendedL2) {
            return switch (ct) {
                case C_COMPRESSED -> SC_COMPRESSED;
                case C_ZERO_PLAIN -> SC_ZERO_PLAIN;
                case C_ZERO_ALLOC -> SC_ZERO_ALLOC;
                case C_NORMAL -> SC_NORMAL;
                default -> SC_UNALLOCATED_PLAIN;
            };
        }
        long allocMask = 1L << sc;
        long zeroMask = allocMask << 32;
        return switch (ct) {
            case C_COMPRESSED -> SC_COMPRESSED;
            case C_NORMAL -> ((bm >>> 32) & bm) != 0 ? SC_INVALID
                    : (bm & zeroMask) != 0 ? SC_ZERO_ALLOC
                    : (bm & allocMask) != 0 ? SC_NORMAL : SC_UNALLOCATED_ALLOC;
            default -> (bm & BITMAP_ALL_ALLOC) != 0 ? SC_INVALID
                    : (bm & zeroMask) != 0 ? SC_ZERO_PLAIN : SC_UNALLOCATED_PLAIN;
        };
    }

    static boolean isAllocatedCluster(int ct) {
        return ct == C_NORMAL || ct == C_ZERO_ALLOC || ct == C_COMPRESSED;
    }

    /** The L2 table offset from L1 entry {@code l1Index}, checked; 0 if none. */
    long l2Offset(int l1Index) throws BlockException {
        long l2 = s.l1Table[l1Index] & Qcow2State.L1E_OFFSET_MASK;
        if (l2 != 0 && s.offsetIntoCluster(l2) != 0) {
            throw s.corrupt(String.format("L2 table offset %#x unaligned (L1 index: %#x)", l2,
                    (long) l1Index));
        }
        return l2;
    }

    /**
     * qcow2_get_host_offset: the mapping at guest {@code offset}, for at most {@code bytes}
     * bytes, stopping at the end of the L2 table, at a change of subcluster type and, for data,
     * where the host offsets stop being contiguous.
     */
    Mapping lookup(long offset, long bytes) throws BlockException {
        int l2Shift = s.l2Bits + s.clusterBits;
        long offsetInCluster = s.offsetIntoCluster(offset);
        long bytesNeeded = bytes + offsetInCluster;
        long bytesAvailable = ((long) (s.l2Size - (int) ((offset >>> s.clusterBits)
                & (s.l2Size - 1)))) << s.clusterBits;
        if (bytesNeeded > bytesAvailable) {
            bytesNeeded = bytesAvailable;
        }
        long l1Index = offset >>> l2Shift;
        if (l1Index >= s.l1Size) {
            return new Mapping(SC_UNALLOCATED_PLAIN, bytesNeeded - offsetInCluster, 0, 0);
        }
        long l2Off = l2Offset((int) l1Index);
        if (l2Off == 0) {
            return new Mapping(SC_UNALLOCATED_PLAIN, bytesNeeded - offsetInCluster, 0, 0);
        }
        if (l2Off == 0 || s.offsetIntoCluster(l2Off) != 0) {
            throw new BlockException(Errno.EIO, Errno.EIO.text());
        }
        byte[] t = s.l2Cache.get(l2Off);
        int idx = (int) ((offset >>> s.clusterBits) & (s.l2Size - 1));
        int scIndex = (int) (offsetInCluster >>> s.subclusterBits);
        long e = entry(t, idx);
        long bm = bitmap(t, idx);
        int type = subclusterType(e, bm, scIndex);
        long host = 0;
        if (type == SC_INVALID) {
            throw s.corrupt(String.format("Invalid cluster entry found  (L2 offset: %#x, L2 index: %#x)",
                    l2Off, (long) idx));
        }
        if (type == SC_COMPRESSED) {
            if (s.hasDataFile()) {
                throw s.corrupt(String.format(
                        "Compressed cluster entry found in image with external data file "
                        + "(L2 offset: %#x, L2 index: %#x)", l2Off, (long) idx));
            }
            return new Mapping(type, Math.min(bytes, s.clusterSize - offsetInCluster), e
                    & s.clusterOffsetMask, e);
        }
        if (type == SC_NORMAL || type == SC_ZERO_ALLOC || type == SC_UNALLOCATED_ALLOC) {
            long hostCluster = e & Qcow2State.L2E_OFFSET_MASK;
            if (s.offsetIntoCluster(hostCluster) != 0) {
                throw s.corrupt(String.format("Cluster allocation offset %#x unaligned (L2 offset: %#x, L2 index: %#x)",
                        hostCluster, l2Off, (long) idx));
            }
            if (s.hasDataFile() && hostCluster != 0 && false) {
                hostCluster = 0;
            }
            host = hostCluster + offsetInCluster;
        }
        long count = countContiguous(t, idx, scIndex, type, bytesNeeded);
        long len = Math.min(count, bytesNeeded) - offsetInCluster;
        return new Mapping(type, Math.min(len, bytes), host, e);
    }

    /** Bytes from the start of cluster idx (subcluster sc) that share type and contiguity. */
    private long countContiguous(byte[] t, int idx, int sc, int type, long limit) {
        long first = entry(t, idx);
        long expected = first & Qcow2State.L2E_OFFSET_MASK;
        long total = (long) sc << s.subclusterBits;
        int scPerCluster = s.extendedL2 ? 32 : 1;
        for (int i = idx; i < s.l2Size && total < limit; i++) {
            long e = entry(t, i);
            long bm = bitmap(t, i);
            if (i != idx && (type == SC_NORMAL || type == SC_ZERO_ALLOC
                    || type == SC_UNALLOCATED_ALLOC)) {
                expected += s.clusterSize;
                if ((e & Qcow2State.L2E_OFFSET_MASK) != expected) {
                    break;
                }
            }
            int startSc = i == idx ? sc : 0;
            boolean broke = false;
            for (int j = startSc; j < scPerCluster; j++) {
                if (subclusterType(e, bm, j) != type) {
                    broke = true;
                    break;
                }
                total += s.subclusterSize;
            }
            if (broke) {
                break;
            }
        }
        return total;
    }

    /**
     * get_cluster_table: the L2 table for guest {@code offset}, allocating (or copying, when it
     * is shared with a snapshot) the table first.
     */
    L2Ref clusterTable(long offset) throws BlockException {
        int l2Shift = s.l2Bits + s.clusterBits;
        long l1Index = offset >>> l2Shift;
        if (l1Index >= s.l1Size) {
            growL1((int) l1Index + 1, false);
        }
        long l2Off = l2Offset((int) l1Index);
        if ((s.l1Table[(int) l1Index] & Qcow2State.OFLAG_COPIED) == 0) {
            l2Off = allocateL2((int) l1Index);
        }
        byte[] t = s.l2Cache.get(l2Off);
        int idx = (int) ((offset >>> s.clusterBits) & (s.l2Size - 1));
        return new L2Ref(l2Off, t, idx);
    }

    /** l2_allocate: a new L2 table for L1 entry {@code l1Index}, copying the old one if any. */
    private long allocateL2(int l1Index) throws BlockException {
        long oldL2 = s.l1Table[l1Index] & Qcow2State.L1E_OFFSET_MASK;
        long l2Off = s.refcounts.allocClusters((long) s.l2Size * s.l2EntryBytes());
        if (l2Off == 0) {
            throw s.corrupt("Preventing invalid allocation of L2 table at offset 0");
        }
        Qcow2State.YieldPoint yieldPoint = s.metadataYield.get();
        if (yieldPoint != null) {
            // QEMU writes the refcounts out here; write tasks of the same request whose data
            // has landed meanwhile update their L2 entries first
            yieldPoint.run();
        }
        s.refblockCache.flush();
        byte[] t;
        if (oldL2 == 0) {
            t = s.l2Cache.getEmpty(l2Off);
        } else {
            byte[] old = s.l2Cache.get(oldL2).clone();
            t = s.l2Cache.getEmpty(l2Off);
            System.arraycopy(old, 0, t, 0, t.length);
        }
        s.l2Cache.markDirty(l2Off, t);
        s.file.debugEvent(BlkdebugEvent.L2_ALLOC_WRITE);
        s.l2Cache.flush();
        s.l1Table[l1Index] = l2Off | Qcow2State.OFLAG_COPIED;
        writeL1Entry(l1Index);
        if (oldL2 != 0) {
            s.refcounts.free(oldL2, s.clusterSize, Qcow2Refcounts.DiscardType.OTHER);
        }
        return l2Off;
    }

    void writeL1Entry(int l1Index) throws BlockException {
        byte[] b = new byte[8];
        Qcow2Io.putBe64(b, 0, s.l1Table[l1Index]);
        s.file.debugEvent(BlkdebugEvent.L1_UPDATE);
        Qcow2Io.write(s.file, s.l1TableOffset + 8L * l1Index, b);
    }

    /** qcow2_grow_l1_table: moves the L1 table to a new, larger place. */
    void growL1(int minSize, boolean exactSize) throws BlockException {
        if (minSize <= s.l1Size) {
            return;
        }
        long newSize;
        if (exactSize) {
            newSize = minSize;
        } else {
            newSize = Math.max(s.l1Size, 1);
            while (minSize > newSize) {
                newSize = (newSize * 3 + 1) / 2;
            }
        }
        if (newSize > Qcow2State.MAX_L1_SIZE / 8 * 8 || newSize > Integer.MAX_VALUE / 8) {
            throw new BlockException(Errno.EFBIG, Errno.EFBIG.text());
        }
        long[] newTable = new long[(int) newSize];
        System.arraycopy(s.l1Table, 0, newTable, 0, s.l1Size);
        long bytes = newSize * 8;
        long newOffset = s.refcounts.allocClusters(bytes);
        s.refblockCache.flush();
        byte[] raw = new byte[(int) bytes];
        for (int i = 0; i < newSize; i++) {
            Qcow2Io.putBe64(raw, i * 8, newTable[i]);
        }
        Qcow2Io.write(s.file, newOffset, raw);
        byte[] hdr = new byte[12];
        Qcow2Io.putBe32(hdr, 0, (int) newSize);
        Qcow2Io.putBe64(hdr, 4, newOffset);
        Qcow2Io.write(s.file, 36, hdr);
        long oldOffset = s.l1TableOffset;
        long oldBytes = 8L * s.l1Size;
        s.l1Table = newTable;
        s.l1TableOffset = newOffset;
        s.l1Size = (int) newSize;
        s.header.l1Size = s.l1Size;
        s.header.l1TableOffset = newOffset;
        s.refcounts.free(oldOffset, oldBytes, Qcow2Refcounts.DiscardType.OTHER);
    }
}
