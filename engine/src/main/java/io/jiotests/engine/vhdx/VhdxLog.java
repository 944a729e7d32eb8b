package io.jiotests.engine.vhdx;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.Preallocation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The VHDX log: a circular region of 4 KiB sectors holding entries that update metadata. On open,
 * a non-zero log GUID in the current header means entries may need replaying: the log is searched
 * for the longest run of valid consecutive entries (sequence numbers one apart) with the highest
 * sequence number, and the entries from the head's tail onwards are applied to the file. While
 * writing, every BAT change goes through the log first (entry written and flushed, then the
 * update applied and flushed), as qemu does, with the log emptied again after each.
 */
final class VhdxLog {
    /** Entries longer than this are taken as invalid: qemu-img only writes a few sectors per entry. */
    private static final long MAX_ENTRY = 32L << 20;
    /** Zero descriptors and file growth beyond this are refused (64 TiB disk plus metadata). */
    private static final long MAX_FILE = 1L << 47;

    final long offset;
    final long length;
    /** Where the next entry goes, relative to the log's start. */
    private long writePosition;
    private long sequence = 1;

    VhdxLog(long offset, long length) {
        this.offset = offset;
        this.length = length;
    }

    /** The entries to replay, oldest first; empty if the log has none. */
    static List<VhdxLogEntry> findActive(BlockNode file, VhdxHeader header, long fileLength) throws BlockException {
        long logOffset = header.logOffset();
        long logLength = header.logLength();
        byte[] guid = header.logGuid();
        long inFile = Math.max(0, Math.min(logLength, fileLength - logOffset)) / VhdxLogEntry.SECTOR
                * VhdxLogEntry.SECTOR;
        Map<Long, VhdxLogEntry> valid = new HashMap<>();
        List<Long> order = new ArrayList<>();
        for (long pos = 0; pos < inFile; pos += VhdxLogEntry.SECTOR) {
            byte[] first = readWrapped(file, logOffset, logLength, pos, VhdxLogEntry.SECTOR);
            long claimed = VhdxLogEntry.claimedLength(first, guid, logLength);
            if (claimed < 0 || claimed > MAX_ENTRY) {
                continue;
            }
            VhdxLogEntry e = VhdxLogEntry.parse(readWrapped(file, logOffset, logLength, pos, (int) claimed));
            if (e != null) {
                valid.put(pos, e);
                order.add(pos);
            }
        }
        List<Long> best = List.of();
        long bestLast = Long.MIN_VALUE;
        for (long start : order) {
            List<Long> run = new ArrayList<>();
            long pos = start;
            VhdxLogEntry e = valid.get(pos);
            while (e != null && run.size() < valid.size()) {
                run.add(pos);
                long next = (pos + e.entryLength) % logLength;
                VhdxLogEntry n = valid.get(next);
                if (n == null || n.sequence != e.sequence + 1) {
                    break;
                }
                pos = next;
                e = n;
            }
            long last = valid.get(run.getLast()).sequence;
            if (run.size() > best.size() || run.size() == best.size() && last > bestLast) {
                best = run;
                bestLast = last;
            }
        }
        if (best.isEmpty()) {
            return List.of();
        }
        VhdxLogEntry head = valid.get(best.getLast());
        int from = Math.max(0, best.indexOf(head.tail));
        List<VhdxLogEntry> out = new ArrayList<>();
        for (long pos : best.subList(from, best.size())) {
            out.add(valid.get(pos));
        }
        return out;
    }

    /** Applies the entries to the file and grows it to the head's flushed file offset. */
    static void replay(BlockNode file, List<VhdxLogEntry> entries) throws BlockException {
        VhdxLogEntry head = entries.getLast();
        for (VhdxLogEntry e : entries) {
            for (VhdxLogEntry.Update u : e.updates) {
                if (u.fileOffset() < 0 || u.fileOffset() % VhdxLogEntry.SECTOR != 0
                        || u.fileOffset() > MAX_FILE - Math.max(u.zeroLength(), VhdxLogEntry.SECTOR)
                        || u.zeroLength() < 0) {
                    throw new BlockException(Errno.EINVAL);
                }
            }
        }
        for (VhdxLogEntry e : entries) {
            for (VhdxLogEntry.Update u : e.updates) {
                if (u.data() != null) {
                    file.pwrite(u.fileOffset(), ByteBuffer.wrap(u.data()), 0);
                } else {
                    ByteBuffer zeroes = ByteBuffer.allocate((int) Math.min(u.zeroLength(), 1 << 20));
                    for (long done = 0; done < u.zeroLength(); ) {
                        int n = (int) Math.min(zeroes.capacity(), u.zeroLength() - done);
                        zeroes.clear().limit(n);
                        file.pwrite(u.fileOffset() + done, zeroes, 0);
                        done += n;
                    }
                }
            }
        }
        file.flush();
        long flushed = head.flushedFileOffset;
        if (flushed > 0 && flushed <= MAX_FILE && flushed > file.length()) {
            file.truncate(flushed, false, Preallocation.OFF);
        }
        file.flush();
    }

    private static byte[] readWrapped(BlockNode file, long logOffset, long logLength, long pos, int len)
            throws BlockException {
        byte[] out = new byte[len];
        int done = 0;
        long p = pos;
        while (done < len) {
            int n = (int) Math.min(len - done, logLength - p);
            file.pread(logOffset + p, ByteBuffer.wrap(out, done, n));
            done += n;
            p = (p + n) % logLength;
        }
        return out;
    }

    /**
     * Journals 4 KiB updates and applies them: a new log GUID in both headers, the entry written
     * and flushed, the updates written and flushed, the log GUID cleared in both headers.
     */
    void writeAndApply(BlockNode file, VhdxHeaders headers, byte[] fileWriteGuid, List<VhdxLogEntry.Update> updates)
            throws BlockException {
        byte[] guid = VhdxGuid.random();
        headers.updateBoth(file, fileWriteGuid, false, guid);
        byte[] entry = VhdxLogEntry.build(writePosition, sequence, guid, file.length(), updates);
        long p = writePosition;
        for (int done = 0; done < entry.length; ) {
            int n = (int) Math.min(entry.length - done, length - p);
            file.pwrite(offset + p, ByteBuffer.wrap(entry, done, n), 0);
            done += n;
            p = (p + n) % length;
        }
        file.flush();
        for (VhdxLogEntry.Update u : updates) {
            file.pwrite(u.fileOffset(), ByteBuffer.wrap(u.data()), 0);
        }
        file.flush();
        headers.updateBoth(file, fileWriteGuid, false, VhdxGuid.ZERO);
        writePosition = p;
        sequence++;
    }
}
