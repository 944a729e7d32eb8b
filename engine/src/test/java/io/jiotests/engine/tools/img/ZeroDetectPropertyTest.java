package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * ZeroDetect's sector scans (a first-long fast path on a little-endian view) against a byte-by-byte
 * reference, on buffers of data and zero sectors where data sectors may begin with zero bytes and
 * the buffer may end inside a sector.
 */
class ZeroDetectPropertyTest {
    private static final int SECTOR = 512;

    /** Sector kinds: 0 zero, 1 data from the first byte, 2 data only in the last byte, 3 data in the 9th byte. */
    private static ByteBuffer buffer(List<Integer> kinds, int cut, boolean direct) {
        int len = Math.max(0, kinds.size() * SECTOR - cut);
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(kinds.size() * SECTOR) : ByteBuffer.allocate(kinds.size() * SECTOR);
        for (int i = 0; i < kinds.size(); i++) {
            int base = i * SECTOR;
            switch (kinds.get(i)) {
                case 1 -> b.put(base, (byte) 0x5a);
                case 2 -> b.put(base + SECTOR - 1, (byte) 1);
                case 3 -> b.put(base + 8, (byte) 0x80);
                default -> {
                }
            }
        }
        return b.limit(len);
    }

    private static boolean referenceZero(ByteBuffer b, int sector) {
        for (int i = sector * SECTOR; i < Math.min((sector + 1) * SECTOR, b.limit()); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    @Property(tries = 400, seed = "20261126")
    void sectorScansMatchByteByByteReference(@ForAll @Size(min = 1, max = 24) List<@IntRange(min = 0, max = 3) Integer> kinds,
                                             @ForAll @IntRange(min = 0, max = 511) int cut,
                                             @ForAll boolean direct,
                                             @ForAll @IntRange(min = 0, max = 23) int firstSeed) {
        ByteBuffer b = buffer(kinds, cut, direct);
        int n = kinds.size();
        int first = firstSeed % n;
        for (int s = 0; s < n; s++) {
            assertThat(ZeroDetect.sectorIsZero(b, s)).as("sector %d", s).isEqualTo(referenceZero(b, s));
        }
        int data = 0;
        while (first + data < n && !referenceZero(b, first + data)) {
            data++;
        }
        assertThat(ZeroDetect.dataSectors(b, first, n - first)).isEqualTo(data);
        int zero = 0;
        while (first + zero < n && referenceZero(b, first + zero)) {
            zero++;
        }
        assertThat(ZeroDetect.zeroSectors(b, first, n - first)).isEqualTo(zero);
        assertThat(b.order()).isEqualTo(java.nio.ByteOrder.BIG_ENDIAN); // the caller's buffer is left as it was
    }

    /**
     * surelyAllData's shortcut never contradicts allocatedMin: whenever it says "all data", the
     * full scan answers data for all n sectors, for every -S size and target alignment; and on
     * buffers of data sectors only (the common case it exists for) it does say so.
     */
    @Property(tries = 600, seed = "20261126")
    void allDataShortcutAgreesWithTheFullScan(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 3) Integer> kinds,
                                              @ForAll @IntRange(min = 1, max = 16) int min,
                                              @ForAll @IntRange(min = 0, max = 3) int alignmentLog,
                                              @ForAll @IntRange(min = 0, max = 15) int sectorNum,
                                              @ForAll boolean direct) {
        ByteBuffer b = buffer(kinds, 0, direct);
        int n = kinds.size();
        int alignment = 1 << alignmentLog;
        int[] pnum = new int[1];
        boolean used = ZeroDetect.allocatedMin(b, 0, n, pnum, min, sectorNum, alignment);
        if (ZeroDetect.surelyAllData(b, n, min)) {
            assertThat(used).isTrue();
            assertThat(pnum[0]).isEqualTo(n);
        }
        if (kinds.stream().allMatch(k -> k == 1)) {
            assertThat(ZeroDetect.surelyAllData(b, n, min)).isTrue();
        }
    }

    /** Only a zero first long is looked at: sectors whose data starts later (kinds 2 and 3) make it fall back. */
    @Property(tries = 200, seed = "20261127")
    void zeroFirstLongOnAProbedSectorFallsBack(@ForAll @IntRange(min = 2, max = 40) int n,
                                               @ForAll @IntRange(min = 1, max = 16) int min,
                                               @ForAll @IntRange(min = 2, max = 3) int laterData) {
        List<Integer> kinds = new java.util.ArrayList<>(java.util.Collections.nCopies(n, 1));
        kinds.set(n - 1, laterData);
        assertThat(ZeroDetect.surelyAllData(buffer(kinds, 0, true), n, min)).isFalse();
    }
}
