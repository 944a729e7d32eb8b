package io.jiotests.engine.vhdx;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One VHDX log entry, little endian. The entry header (64 bytes: 0 "loge", 4 CRC-32C over the
 * whole entry, 8 entry length, 12 tail (log offset of the oldest entry still needed), 16 sequence
 * number, 24 descriptor count, 32 log GUID, 48 flushed file offset, 56 last file offset) and the
 * 32-byte descriptors fill whole 4 KiB sectors; data sectors follow, one per data descriptor.
 * A data descriptor ("desc": 4 trailing bytes, 8 leading bytes, file offset, sequence number)
 * stands for a 4 KiB update whose first 8 and last 4 bytes it holds itself; its data sector
 * ("data", sequence high 32 bits, the 4084 bytes between, sequence low 32 bits) holds the rest. A
 * zero descriptor ("zero": length, file offset, sequence number) zeroes a range.
 */
final class VhdxLogEntry {
    static final int SECTOR = 4096;
    static final int HEADER_SIZE = 64;
    static final int DESCRIPTOR_SIZE = 32;
    static final byte[] ENTRY_SIGNATURE = ascii("loge");
    static final byte[] DATA_DESC_SIGNATURE = ascii("desc");
    static final byte[] ZERO_DESC_SIGNATURE = ascii("zero");
    static final byte[] DATA_SECTOR_SIGNATURE = ascii("data");

    /** One update the entry carries: {@code data} (4 KiB) at {@code fileOffset}, or zeroes of {@code zeroLength}. */
    record Update(long fileOffset, byte[] data, long zeroLength) {
    }

    final long entryLength;
    final long tail;
    final long sequence;
    final long flushedFileOffset;
    final long lastFileOffset;
    final List<Update> updates;

    private VhdxLogEntry(long entryLength, long tail, long sequence, long flushed, long last, List<Update> updates) {
        this.entryLength = entryLength;
        this.tail = tail;
        this.sequence = sequence;
        this.flushedFileOffset = flushed;
        this.lastFileOffset = last;
        this.updates = updates;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean sig(byte[] buf, int at, byte[] sig) {
        for (int i = 0; i < 4; i++) {
            if (buf[at + i] != sig[i]) {
                return false;
            }
        }
        return true;
    }

    /** Sectors the header and {@code descriptors} descriptors take. */
    static long headerSectors(long descriptors) {
        return (HEADER_SIZE + DESCRIPTOR_SIZE * descriptors + SECTOR - 1) / SECTOR;
    }

    /** What the entry header at the start of {@code first} claims, or -1 if it is no entry header of this log. */
    static long claimedLength(byte[] first, byte[] logGuid, long logLength) {
        if (!sig(first, 0, ENTRY_SIGNATURE) || !VhdxGuid.at(first, 32, logGuid)) {
            return -1;
        }
        ByteBuffer b = VhdxChecksum.le(first);
        long length = Integer.toUnsignedLong(b.getInt(8));
        long descriptors = Integer.toUnsignedLong(b.getInt(24));
        long tail = Integer.toUnsignedLong(b.getInt(12));
        if (length < SECTOR || length % SECTOR != 0 || length > logLength || tail % SECTOR != 0 || tail >= logLength
                || headerSectors(descriptors) * SECTOR > length) {
            return -1;
        }
        return length;
    }

    /** The entry in {@code raw} (its whole length, as read), or null if its checksum, descriptors or data sectors are not valid. */
    static VhdxLogEntry parse(byte[] raw) {
        if (!VhdxChecksum.valid(raw, 0, raw.length, 4)) {
            return null;
        }
        ByteBuffer b = VhdxChecksum.le(raw);
        long sequence = b.getLong(16);
        int descriptors = b.getInt(24);
        long dataSector = headerSectors(Integer.toUnsignedLong(descriptors)) * SECTOR;
        List<Update> updates = new ArrayList<>();
        for (int i = 0; i < descriptors; i++) {
            int at = HEADER_SIZE + DESCRIPTOR_SIZE * i;
            if (b.getLong(at + 24) != sequence) {
                return null;
            }
            if (sig(raw, at, ZERO_DESC_SIGNATURE)) {
                updates.add(new Update(b.getLong(at + 16), null, b.getLong(at + 8)));
            } else if (sig(raw, at, DATA_DESC_SIGNATURE)) {
                if (dataSector + SECTOR > raw.length) {
                    return null;
                }
                int d = (int) dataSector;
                if (!sig(raw, d, DATA_SECTOR_SIGNATURE) || b.getInt(d + 4) != (int) (sequence >>> 32)
                        || b.getInt(d + SECTOR - 4) != (int) sequence) {
                    return null;
                }
                byte[] data = new byte[SECTOR];
                System.arraycopy(raw, at + 8, data, 0, 8);
                System.arraycopy(raw, d + 8, data, 8, SECTOR - 12);
                System.arraycopy(raw, at + 4, data, SECTOR - 4, 4);
                updates.add(new Update(b.getLong(at + 16), data, 0));
                dataSector += SECTOR;
            } else {
                return null;
            }
        }
        return new VhdxLogEntry(Integer.toUnsignedLong(b.getInt(8)), Integer.toUnsignedLong(b.getInt(12)), sequence,
                b.getLong(48), b.getLong(56), updates);
    }

    /** An entry of 4 KiB data updates, as qemu writes one for a BAT change. */
    static byte[] build(long tail, long sequence, byte[] logGuid, long fileLength, List<Update> updates) {
        long header = headerSectors(updates.size()) * SECTOR;
        int length = (int) (header + (long) SECTOR * updates.size());
        byte[] raw = new byte[length];
        ByteBuffer b = VhdxChecksum.le(raw);
        b.put(0, ENTRY_SIGNATURE);
        b.putInt(8, length);
        b.putInt(12, (int) tail);
        b.putLong(16, sequence);
        b.putInt(24, updates.size());
        b.put(32, logGuid);
        b.putLong(48, fileLength);
        b.putLong(56, fileLength);
        int d = (int) header;
        for (int i = 0; i < updates.size(); i++) {
            Update u = updates.get(i);
            int at = HEADER_SIZE + DESCRIPTOR_SIZE * i;
            b.put(at, DATA_DESC_SIGNATURE);
            System.arraycopy(u.data(), SECTOR - 4, raw, at + 4, 4);
            System.arraycopy(u.data(), 0, raw, at + 8, 8);
            b.putLong(at + 16, u.fileOffset());
            b.putLong(at + 24, sequence);
            b.put(d, DATA_SECTOR_SIGNATURE);
            b.putInt(d + 4, (int) (sequence >>> 32));
            System.arraycopy(u.data(), 8, raw, d + 8, SECTOR - 12);
            b.putInt(d + SECTOR - 4, (int) sequence);
            d += SECTOR;
        }
        VhdxChecksum.store(raw, 0, length, 4);
        return raw;
    }
}
