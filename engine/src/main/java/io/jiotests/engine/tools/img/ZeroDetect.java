package io.jiotests.engine.tools.img;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * convert's zero detection (-S): runs of zero / non-zero 512-byte sectors in a buffer, with run
 * ends moved to the target alignment and short zero gaps inside data kept as data.
 */
final class ZeroDetect {
    private static final int SECTOR = 512;
    /** Compared against with {@link ByteBuffer#mismatch} (vectorised) to find the end of a zero run. */
    private static final ByteBuffer ZEROES = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private ZeroDetect() {
    }

    static boolean sectorIsZero(ByteBuffer buf, int sector) {
        return isZero(littleEndian(buf), sector);
    }

    /**
     * A little-endian view of {@code buf} (the same bytes): which order a long is read in does not
     * matter for zero tests, and the native order spares the byte swap of every read.
     */
    private static ByteBuffer littleEndian(ByteBuffer buf) {
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Whether the sector's bytes (up to the buffer's limit) are all zero; data exits at its first long. */
    private static boolean isZero(ByteBuffer le, int sector) {
        int base = sector * SECTOR;
        int end = Math.min(base + SECTOR, le.limit());
        int i = base;
        for (; i + 8 <= end; i += 8) {
            if (le.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (le.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** How many of the {@code n} sectors from {@code first} on are non-zero before the first zero one. */
    static int dataSectors(ByteBuffer buf, int first, int n) {
        ByteBuffer le = littleEndian(buf);
        int limit = le.limit();
        int i = 0;
        while (i < n) {
            int base = (first + i) * SECTOR;
            // most data sectors are told apart by their first eight bytes
            if ((base + 8 > limit || le.getLong(base) == 0) && isZero(le, first + i)) {
                break;
            }
            i++;
        }
        return i;
    }

    /** How many of the {@code n} sectors from {@code first} on are zero before the first non-zero one. */
    static int zeroSectors(ByteBuffer buf, int first, int n) {
        int start = first * SECTOR;
        int end = (int) Math.min((long) (first + n) * SECTOR, buf.limit());
        for (int at = start; at < end; ) {
            int len = Math.min(end - at, ZEROES.capacity());
            int m = buf.slice(at, len).mismatch(ZEROES.slice(0, len));
            if (m >= 0) {
                return (at + m) / SECTOR - first;
            }
            at += len;
        }
        return n;
    }

    /** The run of sectors starting at {@code first} with the same zero-ness; returns "not zero". */
    static boolean allocated(ByteBuffer buf, int first, int n, int[] pnum, long sectorNum, int alignment) {
        if (n <= 0) {
            pnum[0] = 0;
            return false;
        }
        boolean isZero = sectorIsZero(buf, first);
        int i;
        if (isZero) {
            i = zeroSectors(buf, first, n);
        } else {
            i = 1 + dataSectors(buf, first + 1, n - 1);
        }
        if (i == n) {
            pnum[0] = i;
            return !isZero;
        }
        int tail = (int) ((sectorNum + i) & (alignment - 1));
        if (tail != 0) {
            if (isZero && i <= tail) {
                isZero = false;
            }
            if (!isZero) {
                i += alignment - tail;
                i = Math.min(i, n);
            } else {
                i -= tail;
            }
        }
        pnum[0] = i;
        return !isZero;
    }

    /**
     * Whether {@link #allocatedMin} over sectors {@code [0, n)} answers "data, all n sectors", told
     * from a few sectors: the first, the last and every {@code min}-th one from the first have a
     * non-zero first long. Then no zero run reaches {@code min} sectors (such a run holds one of
     * the sectors looked at), so none ends the data, and the runs at both ends are data. On data
     * that is one long read per {@code min} sectors (one cache line per 4 KiB with -S 4k) instead
     * of one per sector. False means only: ask allocatedMin.
     */
    static boolean surelyAllData(ByteBuffer buf, int n, int min) {
        ByteBuffer le = littleEndian(buf);
        if (n <= 0 || (long) n * SECTOR > le.limit()) {
            return false;
        }
        int stride = Math.max(1, Math.min(min, n));
        for (int i = 0; i < n; i += stride) {
            if (le.getLong(i * SECTOR) == 0) {
                return false;
            }
        }
        return le.getLong((n - 1) * SECTOR) != 0;
    }

    /** Like {@link #allocated} but zero gaps shorter than {@code min} sectors after data count as data. */
    static boolean allocatedMin(ByteBuffer buf, int first, int n, int[] pnum, int min, long sectorNum,
                                int alignment) {
        if (n < min) {
            min = n;
        }
        boolean used = allocated(buf, first, n, pnum, sectorNum, alignment);
        if (!used) {
            return false;
        }
        int numUsed = pnum[0];
        int pos = first + pnum[0];
        int left = n - pnum[0];
        long sec = sectorNum + pnum[0];
        int checked = numUsed;
        while (left > 0) {
            boolean r = allocated(buf, pos, left, pnum, sec, alignment);
            pos += pnum[0];
            left -= pnum[0];
            sec += pnum[0];
            checked += pnum[0];
            if (r) {
                numUsed = checked;
            } else if (pnum[0] >= min) {
                break;
            }
        }
        pnum[0] = numUsed;
        return true;
    }

    /**
     * -S zero detection of a run of {@code n} bytes read at {@code offset}: its (start, length,
     * 1 for data / 0 for zeroes) triples, zero runs of at least {@code minSparse} bytes split off
     * at {@code alignmentSectors} granularity.
     */
    static int[] plan(ByteBuffer buf, long offset, long n, long minSparse, int alignmentSectors) {
        int sectors = (int) ((n + SECTOR - 1) / SECTOR);
        int minSectors = (int) (minSparse / SECTOR);
        long sectorNum = offset / SECTOR;
        int[] out = new int[12];
        int count = 0;
        int[] pnum = new int[1];
        int pos = 0;
        while (pos < sectors) {
            boolean used = allocatedMin(buf, pos, sectors - pos, pnum, minSectors, sectorNum + pos, alignmentSectors);
            int run = pnum[0];
            long start = (long) pos * SECTOR;
            long len = Math.min((long) run * SECTOR, n - start);
            if (count + 3 > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            out[count++] = (int) start;
            out[count++] = (int) len;
            out[count++] = used ? 1 : 0;
            pos += run;
        }
        return java.util.Arrays.copyOf(out, count);
    }
}
