package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.SnapshotInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Creating, applying and deleting internal snapshots in QEMU's order: a snapshot's L1 table is a
 * copy of the active one and every cluster it references gains a reference (losing
 * OFLAG_COPIED); the snapshot table is always rewritten to a newly allocated place before the
 * header points to it and the old table is freed.
 */
final class Qcow2SnapshotOps {
    private final Qcow2State s;
    private final Qcow2ClusterMap map;
    private final Qcow2Writer writer;

    Qcow2SnapshotOps(Qcow2State s, Qcow2ClusterMap map, Qcow2Writer writer) {
        this.s = s;
        this.map = map;
        this.writer = writer;
    }

    void create(SnapshotInfo info) throws BlockException {
        if (s.hasDataFile()) {
            throw new BlockException(Errno.ENOTSUP);
        }
        List<Qcow2Snapshots.Snapshot> list = new ArrayList<>(Qcow2Snapshots.read(s));
        String id = info.id();
        if (id == null || id.isEmpty()) {
            long max = 0;
            for (Qcow2Snapshots.Snapshot sn : list) {
                try {
                    max = Math.max(max, Long.parseLong(sn.id()));
                } catch (NumberFormatException ignored) {
                    // non-numeric IDs do not count
                }
            }
            id = Long.toString(max + 1);
        } else {
            for (Qcow2Snapshots.Snapshot sn : list) {
                if (sn.id().equals(id)) {
                    throw new BlockException(Errno.EEXIST, Errno.EEXIST.text());
                }
            }
        }
        if (list.size() >= 65536) {
            throw new BlockException(Errno.EFBIG, Errno.EFBIG.text());
        }
        s.l2Cache.flush();
        s.refblockCache.flush();
        long l1Off = s.refcounts.allocClusters(8L * s.l1Size);
        byte[] raw = new byte[8 * s.l1Size];
        for (int i = 0; i < s.l1Size; i++) {
            Qcow2Io.putBe64(raw, i * 8, s.l1Table[i]);
        }
        Qcow2Io.write(s.file, l1Off, raw);
        updateSnapshotRefcount(s.l1TableOffset, s.l1Size, 1);
        list.add(new Qcow2Snapshots.Snapshot(l1Off, s.l1Size, id, info.name(), info.dateSeconds(),
                info.dateNanos(), info.vmClockNanos(), info.vmStateSize(), new byte[0],
                (s.size + 511) & ~511L, info.icount()));
        writeSnapshots(list);
    }

    void apply(String idOrName) throws BlockException {
        List<Qcow2Snapshots.Snapshot> list = Qcow2Snapshots.read(s);
        Qcow2Snapshots.Snapshot sn = find(list, idOrName);
        if (sn == null) {
            throw new BlockException(Errno.ENOENT, Errno.ENOENT.text());
        }
        Qcow2Open.validateTable(sn.l1TableOffset(), Integer.toUnsignedLong(sn.l1Size()), 8,
                32L << 20, "Snapshot L1 table", s.clusterSize);
        if (sn.diskSize() != ((s.size + 511) & ~511L)) {
            // like QEMU, the active layer is first resized (grown or shrunk) to the snapshot's size
            new Qcow2Resize(s, map, writer).resize(sn.diskSize(),
                    io.jiotests.engine.block.Preallocation.OFF);
        }
        s.l2Cache.flush();
        s.refblockCache.flush();
        map.growL1(sn.l1Size(), true);
        byte[] snL1 = new byte[8 * s.l1Size];
        byte[] part = Qcow2Io.read(s.file, sn.l1TableOffset(), 8 * sn.l1Size());
        System.arraycopy(part, 0, snL1, 0, part.length);
        updateSnapshotRefcount(sn.l1TableOffset(), sn.l1Size(), 1);
        Qcow2Io.write(s.file, s.l1TableOffset, snL1);
        updateSnapshotRefcount(s.l1TableOffset, s.l1Size, -1);
        for (int i = 0; i < s.l1Size; i++) {
            s.l1Table[i] = Qcow2Io.be64(snL1, i * 8);
        }
        updateSnapshotRefcount(s.l1TableOffset, s.l1Size, 0);
    }

    /**
     * qcow2_snapshot_load_tmp: a read-only node reads the snapshot's L1 table from now on (the
     * guest size stays the active layer's; what lies past the snapshot's L1 reads as unallocated).
     */
    void loadTmp(String id, String name) throws BlockException {
        if (s.writable) {
            throw new BlockException(Errno.EINVAL, "Device is writable, cannot load internal snapshot");
        }
        Qcow2Snapshots.Snapshot sn = null;
        for (Qcow2Snapshots.Snapshot c : Qcow2Snapshots.read(s)) {
            if ((id == null || c.id().equals(id)) && (name == null || c.name().equals(name))) {
                sn = c;
                break;
            }
        }
        if (sn == null) {
            throw new BlockException(Errno.ENOENT, "Can't find snapshot");
        }
        long entries = Integer.toUnsignedLong(sn.l1Size());
        Qcow2Open.validateTable(sn.l1TableOffset(), entries, 8, 32L << 20, "Snapshot L1 table",
                s.clusterSize);
        if (sn.l1TableOffset() + entries * 8 > s.file.length()) {
            throw new BlockException(Errno.EIO, "Failed to load snapshot L1 table");
        }
        byte[] raw = Qcow2Io.read(s.file, sn.l1TableOffset(), (int) (entries * 8));
        long[] table = new long[(int) entries];
        for (int i = 0; i < table.length; i++) {
            table[i] = Qcow2Io.be64(raw, i * 8);
        }
        s.l1Table = table;
        s.l1Size = table.length;
        s.l1TableOffset = sn.l1TableOffset();
    }

    void delete(String id, String name) throws BlockException {
        List<Qcow2Snapshots.Snapshot> list = new ArrayList<>(Qcow2Snapshots.read(s));
        int index = -1;
        for (int i = 0; i < list.size(); i++) {
            Qcow2Snapshots.Snapshot sn = list.get(i);
            if ((id == null || sn.id().equals(id)) && (name == null || sn.name().equals(name))) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            throw new BlockException(Errno.ENOENT, "Can't find the snapshot");
        }
        Qcow2Snapshots.Snapshot sn = list.remove(index);
        Qcow2Open.validateTable(sn.l1TableOffset(), Integer.toUnsignedLong(sn.l1Size()), 8,
                32L << 20, "Snapshot L1 table", s.clusterSize);
        writeSnapshots(list);
        updateSnapshotRefcount(sn.l1TableOffset(), sn.l1Size(), -1);
        s.refcounts.free(sn.l1TableOffset(), 8L * sn.l1Size(), Qcow2Refcounts.DiscardType.SNAPSHOT);
        updateSnapshotRefcount(s.l1TableOffset, s.l1Size, 0);
    }

    private static Qcow2Snapshots.Snapshot find(List<Qcow2Snapshots.Snapshot> list, String key) {
        for (Qcow2Snapshots.Snapshot sn : list) {
            if (sn.id().equals(key)) {
                return sn;
            }
        }
        for (Qcow2Snapshots.Snapshot sn : list) {
            if (sn.name().equals(key)) {
                return sn;
            }
        }
        return null;
    }

    /** qcow2_write_snapshots: the table goes to new clusters, then the header, then the old is freed. */
    private void writeSnapshots(List<Qcow2Snapshots.Snapshot> list) throws BlockException {
        long oldOffset = s.header.snapshotsOffset;
        long oldSize = Qcow2Snapshots.tableSize(s);
        byte[] table = Qcow2Snapshots.serialize(list);
        long offset = 0;
        if (table.length > 0) {
            offset = s.refcounts.allocClusters(table.length);
            s.refblockCache.flush();
            Qcow2Io.write(s.file, offset, table);
        } else {
            offset = s.refcounts.allocClusters(0);
        }
        byte[] hdr = new byte[12];
        Qcow2Io.putBe32(hdr, 0, list.size());
        Qcow2Io.putBe64(hdr, 4, offset);
        s.l2Cache.flush();
        s.refblockCache.flush();
        Qcow2Io.write(s.file, 60, hdr);
        s.header.nbSnapshots = list.size();
        s.header.snapshotsOffset = offset;
        s.refcounts.free(oldOffset, oldSize, Qcow2Refcounts.DiscardType.SNAPSHOT);
    }

    /** qcow2_update_snapshot_refcount. */
    private void updateSnapshotRefcount(long l1Offset, int l1Size, int addend) throws BlockException {
        boolean active = l1Offset == s.l1TableOffset;
        long[] l1;
        if (active) {
            l1 = s.l1Table;
        } else {
            byte[] raw = Qcow2Io.read(s.file, l1Offset, 8 * l1Size);
            l1 = new long[l1Size];
            for (int i = 0; i < l1Size; i++) {
                l1[i] = Qcow2Io.be64(raw, i * 8);
            }
        }
        boolean l1Modified = false;
        s.refcounts.cacheDiscards = true;
        try {
            for (int i = 0; i < l1Size; i++) {
                long l2 = l1[i];
                if (l2 == 0) {
                    continue;
                }
                long old = l2;
                l2 &= Qcow2State.L1E_OFFSET_MASK;
                if (s.offsetIntoCluster(l2) != 0) {
                    throw s.corrupt(String.format("L2 table offset %#x unaligned (L1 index: %#x)",
                            l2, (long) i));
                }
                byte[] t = s.l2Cache.get(l2);
                for (int j = 0; j < s.l2Size; j++) {
                    long e = map.entry(t, j);
                    long oldE = e;
                    e &= ~Qcow2State.OFLAG_COPIED;
                    long off = e & Qcow2State.L2E_OFFSET_MASK;
                    long rc;
                    switch (map.clusterType(e)) {
                        case Qcow2ClusterMap.C_COMPRESSED -> {
                            if (addend != 0) {
                                long coffset = e & s.clusterOffsetMask;
                                long nb = ((e >>> s.csizeShift) & s.csizeMask) + 1;
                                change(coffset, nb * 512 - (coffset & 511), addend);
                            }
                            rc = 2;
                        }
                        case Qcow2ClusterMap.C_NORMAL, Qcow2ClusterMap.C_ZERO_ALLOC -> {
                            if (s.offsetIntoCluster(off) != 0) {
                                throw s.corrupt(String.format("Cluster allocation offset %#x "
                                        + "unaligned (L2 offset: %#x, L2 index: %#x)", off, l2,
                                        (long) j));
                            }
                            if (addend != 0) {
                                change(off, 1, addend);
                            }
                            rc = s.refcounts.get(off >>> s.clusterBits);
                        }
                        default -> rc = 0;
                    }
                    if (rc == 1) {
                        e |= Qcow2State.OFLAG_COPIED;
                    }
                    if (e != oldE) {
                        if (addend > 0) {
                            s.l2Cache.setDependency(s.refblockCache);
                        }
                        t = s.l2Cache.get(l2);
                        map.setEntry(t, j, e);
                        s.l2Cache.markDirty(l2, t);
                    }
                }
                if (addend != 0) {
                    change(l2, 1, addend);
                }
                long rc = s.refcounts.get(l2 >>> s.clusterBits);
                if (rc == 1) {
                    l2 |= Qcow2State.OFLAG_COPIED;
                }
                if (l2 != old) {
                    l1[i] = l2;
                    l1Modified = true;
                }
            }
            s.l2Cache.flush();
            s.refblockCache.flush();
        } finally {
            s.refcounts.processDiscards();
        }
        if (addend >= 0 && l1Modified) {
            byte[] raw = new byte[8 * l1Size];
            for (int i = 0; i < l1Size; i++) {
                Qcow2Io.putBe64(raw, i * 8, l1[i]);
            }
            Qcow2Io.write(s.file, l1Offset, raw);
        }
    }

    private void change(long offset, long size, int addend) throws BlockException {
        try {
            s.refcounts.update(offset, size, Math.abs(addend), addend < 0,
                    Qcow2Refcounts.DiscardType.SNAPSHOT);
        } catch (Qcow2Refcounts.RetryAllocation e) {
            throw new BlockException(Errno.EAGAIN, Errno.EAGAIN.text());
        }
    }
}
