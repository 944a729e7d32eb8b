package io.jiotests.engine.qcow2;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.SnapshotInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The internal snapshot table (docs/interop/qcow2.txt "Snapshots"): entries of a fixed 40-byte
 * part, extra data (large VM state size, disk size, instruction count), the ID and the name,
 * each entry padded to 8 bytes. Every length is checked against the table's bounds.
 */
final class Qcow2Snapshots {
    /** One snapshot table entry. */
    record Snapshot(long l1TableOffset, int l1Size, String id, String name, long dateSec,
                    long dateNsec, long vmClockNsec, long vmStateSize, byte[] extra,
                    long diskSize, long icount) {
        SnapshotInfo info() {
            return new SnapshotInfo(id, name, vmStateSize, dateSec, dateNsec, vmClockNsec, icount);
        }
    }

    private static final long MAX_SNAPSHOTS_SIZE = 64L << 20;

    private Qcow2Snapshots() {
    }

    /** The snapshots of the image, in table order; an error if the table is malformed. */
    static List<Snapshot> read(Qcow2State s) throws BlockException {
        List<Snapshot> list = new ArrayList<>();
        int n = s.header.nbSnapshots;
        if (n == 0) {
            return list;
        }
        long off = s.header.snapshotsOffset;
        long fileLen = s.file.length();
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (off + 40 > fileLen) {
                throw new BlockException(Errno.EIO,
                        "Failed to read snapshot table: Input/output error");
            }
            byte[] h = Qcow2Io.read(s.file, off, 40);
            long l1Off = Qcow2Io.be64(h, 0);
            int l1Size = Qcow2Io.be32(h, 8);
            int idLen = ((h[12] & 0xff) << 8) | (h[13] & 0xff);
            int nameLen = ((h[14] & 0xff) << 8) | (h[15] & 0xff);
            long dateSec = Integer.toUnsignedLong(Qcow2Io.be32(h, 16));
            long dateNsec = Integer.toUnsignedLong(Qcow2Io.be32(h, 20));
            long vmClock = Qcow2Io.be64(h, 24);
            long vmState = Integer.toUnsignedLong(Qcow2Io.be32(h, 32));
            long extraLen = Integer.toUnsignedLong(Qcow2Io.be32(h, 36));
            if (extraLen > 1024) {
                throw new BlockException(Errno.EFBIG, "Too much extra metadata in snapshot table "
                        + "entry " + i);
            }
            long entry = 40 + extraLen + idLen + nameLen;
            if (off + entry > fileLen) {
                throw new BlockException(Errno.EIO,
                        "Failed to read snapshot table: Input/output error");
            }
            byte[] rest = Qcow2Io.read(s.file, off + 40, (int) (entry - 40));
            byte[] extra = java.util.Arrays.copyOf(rest, (int) extraLen);
            long diskSize = s.size;
            long icount = -1;
            if (extraLen >= 8) {
                vmState = Qcow2Io.be64(rest, 0);
            }
            if (extraLen >= 16) {
                diskSize = Qcow2Io.be64(rest, 8);
            }
            if (extraLen >= 24) {
                icount = Qcow2Io.be64(rest, 16);
            }
            String id = new String(rest, (int) extraLen, idLen, StandardCharsets.UTF_8);
            String name = new String(rest, (int) extraLen + idLen, nameLen, StandardCharsets.UTF_8);
            long padded = (entry + 7) & ~7L;
            total += padded;
            if (total > MAX_SNAPSHOTS_SIZE) {
                throw new BlockException(Errno.EFBIG, "Snapshot table exceeds the maximum size");
            }
            off += padded;
            list.add(new Snapshot(l1Off, l1Size, id, name, dateSec, dateNsec, vmClock, vmState,
                    extra, diskSize, icount));
        }
        return list;
    }

    /** Bytes the snapshot table occupies (0 if none): entries padded to 8 except the last. */
    static long tableSize(Qcow2State s) throws BlockException {
        return tableSize(read(s));
    }

    static long tableSize(List<Snapshot> list) {
        long total = 0;
        for (Snapshot sn : list) {
            total = (total + 7) & ~7L;
            total += 40 + extraFor(sn).length + sn.id().getBytes(StandardCharsets.UTF_8).length
                    + sn.name().getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }

    /** The extra data QEMU writes: large VM state size, disk size, icount, then unknown bytes. */
    static byte[] extraFor(Snapshot sn) {
        byte[] e = new byte[Math.max(24, sn.extra().length)];
        System.arraycopy(sn.extra(), 0, e, 0, sn.extra().length);
        Qcow2Io.putBe64(e, 0, sn.vmStateSize());
        Qcow2Io.putBe64(e, 8, sn.diskSize());
        Qcow2Io.putBe64(e, 16, sn.icount());
        return e;
    }

    /** Serializes the table as QEMU writes it. */
    static byte[] serialize(List<Snapshot> list) {
        byte[] b = new byte[(int) tableSize(list)];
        int off = 0;
        for (Snapshot sn : list) {
            off = (off + 7) & ~7;
            byte[] id = sn.id().getBytes(StandardCharsets.UTF_8);
            byte[] name = sn.name().getBytes(StandardCharsets.UTF_8);
            byte[] extra = extraFor(sn);
            Qcow2Io.putBe64(b, off, sn.l1TableOffset());
            Qcow2Io.putBe32(b, off + 8, sn.l1Size());
            b[off + 12] = (byte) (id.length >>> 8);
            b[off + 13] = (byte) id.length;
            b[off + 14] = (byte) (name.length >>> 8);
            b[off + 15] = (byte) name.length;
            Qcow2Io.putBe32(b, off + 16, (int) sn.dateSec());
            Qcow2Io.putBe32(b, off + 20, (int) sn.dateNsec());
            Qcow2Io.putBe64(b, off + 24, sn.vmClockNsec());
            Qcow2Io.putBe32(b, off + 32, (int) Math.min(sn.vmStateSize(), 0xffffffffL));
            Qcow2Io.putBe32(b, off + 36, extra.length);
            System.arraycopy(extra, 0, b, off + 40, extra.length);
            int p = off + 40 + extra.length;
            System.arraycopy(id, 0, b, p, id.length);
            System.arraycopy(name, 0, b, p + id.length, name.length);
            off = p + id.length + name.length;
        }
        return b;
    }
}
