package io.jiotests.engine.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DirtyBitmapTest {
    @Test
    void setDirtyRoundsOutToWholeGranules() {
        DirtyBitmap bm = new DirtyBitmap("b", 65536, 4 << 20, true, true);
        assertThat(bm.bitCount()).isEqualTo(64);
        bm.setDirty(65535, 2);
        assertThat(bm.get(0)).isTrue();
        assertThat(bm.get(1)).isTrue();
        assertThat(bm.get(2)).isFalse();
        assertThat(bm.nextSetBit(2)).isEqualTo(-1);
        bm.setDirty(4L << 20, 512); // past the end: ignored
        bm.setDirty((4L << 20) - 1, 100); // clamped to the last bit
        assertThat(bm.nextSetBit(2)).isEqualTo(63);
    }

    @Test
    void partialLastGranuleCountsAsABit() {
        DirtyBitmap bm = new DirtyBitmap("b", 4096, 10000, true, true);
        assertThat(bm.bitCount()).isEqualTo(3);
        bm.setDirty(9999, 1);
        assertThat(bm.nextSetBit(0)).isEqualTo(2);
    }

    @Test
    void serializeIsLittleEndianWithinBytes() {
        DirtyBitmap bm = new DirtyBitmap("b", 512, 1 << 20, true, true);
        bm.setBits(0, 1);
        bm.setBits(16, 21);
        byte[] out = new byte[4];
        bm.serialize(0, out);
        assertThat(out).containsExactly(0x01, 0x00, 0x1f, 0x00);
        DirtyBitmap back = new DirtyBitmap("c", 512, 1 << 20, true, true);
        back.deserialize(0, out);
        assertThat(back.nextSetBit(0)).isZero();
        assertThat(back.nextSetBit(1)).isEqualTo(16);
        assertThat(back.nextSetBit(21)).isEqualTo(-1);
    }

    @Test
    void matchesABitSetAcrossChunkBoundaries() {
        Random r = new Random(125);
        long size = 3L * DirtyBitmap.CHUNK_BITS * 512 + 4096;
        DirtyBitmap bm = new DirtyBitmap("b", 512, size, true, true);
        BitSet model = new BitSet();
        for (int i = 0; i < 200; i++) {
            long from = r.nextLong(bm.bitCount());
            long to = Math.min(bm.bitCount(), from + 1 + r.nextInt(r.nextBoolean() ? 10 : 100_000));
            bm.setBits(from, to);
            model.set((int) from, (int) to);
        }
        int expected = model.nextSetBit(0);
        long got = bm.nextSetBit(0);
        while (expected >= 0) {
            assertThat(got).isEqualTo(expected);
            expected = model.nextSetBit(expected + 1);
            got = bm.nextSetBit(got + 1);
        }
        assertThat(got).isEqualTo(-1);
    }

    @Test
    void mergeCarriesRangesBetweenGranularities() {
        DirtyBitmap fine = new DirtyBitmap("f", 512, 8 << 20, true, true);
        fine.setDirty(3 << 20, 1024);
        DirtyBitmap coarse = new DirtyBitmap("c", 1 << 20, 8 << 20, true, true);
        coarse.merge(fine);
        assertThat(coarse.nextSetBit(0)).isEqualTo(3);
        assertThat(coarse.nextSetBit(4)).isEqualTo(-1);
        DirtyBitmap back = new DirtyBitmap("b", 512, 8 << 20, true, true);
        back.merge(coarse);
        assertThat(back.nextSetBit(0)).isEqualTo((3L << 20) / 512);
        assertThat(back.nextSetBit(((4L << 20) / 512))).isEqualTo(-1);
        assertThat(back.get(((4L << 20) / 512) - 1)).isTrue();
    }

    @Test
    void inconsistentAndReadonlyBitmapsAreRefusedWithQemuText() {
        DirtyBitmap bm = new DirtyBitmap("x", 65536, 1 << 20, true, true);
        assertThat(bm.checkUsable(false)).isNull();
        bm.setReadonly(true);
        assertThat(bm.checkUsable(false)).isEqualTo("Bitmap 'x' is readonly and cannot be modified");
        assertThat(bm.checkUsable(true)).isNull();
        bm.setInconsistent(true);
        assertThat(bm.checkUsable(true)).startsWith("Bitmap 'x' is inconsistent and cannot be used\n");
        assertThatThrownBy(() -> new DirtyBitmap("y", 1000, 1, true, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allOnesChunksShareMemoryAndStayExact() {
        DirtyBitmap bm = new DirtyBitmap("huge", 512, 1L << 49, true, true);
        bm.setBits(0, 1L << 32); // 65536 full chunks: must be quick and cheap
        assertThat(bm.nextClearBit(0)).isEqualTo(1L << 32);
        assertThat(bm.nextSetBit(1L << 32)).isEqualTo(-1);
        byte[] ones = new byte[4096];
        java.util.Arrays.fill(ones, (byte) 0xff);
        for (long c = 0; c < 1000; c++) {
            bm.deserialize((1L << 33) + c * 8 * ones.length, ones);
        }
        assertThat(bm.nextSetBit(1L << 32)).isEqualTo(1L << 33);
        assertThat(bm.nextClearBit(1L << 33)).isEqualTo((1L << 33) + 1000L * 8 * ones.length);
        bm.setDirty(0, 512); // setting bits in a shared all-ones chunk changes nothing
        assertThat(bm.nextClearBit(0)).isEqualTo(1L << 32);
    }

    @Test
    void serializeDeserializeAndClearBitsMatchABitSet() {
        Random r = new Random(20261126);
        for (int round = 0; round < 20; round++) {
            long bitsTotal = 1 + r.nextInt(4 * DirtyBitmap.CHUNK_BITS);
            DirtyBitmap bm = new DirtyBitmap("b", 512, bitsTotal * 512, true, true);
            BitSet model = new BitSet();
            byte[] data = new byte[(int) ((bitsTotal + 7) / 8 + 8) & ~7];
            for (int i = 0; i < data.length; i++) {
                int kind = r.nextInt(4);
                data[i] = (byte) (kind == 0 ? 0xff : kind == 1 ? 0 : r.nextInt(256));
            }
            bm.deserialize(0, data);
            for (long b = 0; b < bitsTotal; b++) {
                if ((data[(int) (b >>> 3)] & (1 << (b & 7))) != 0) {
                    model.set((int) b);
                }
            }
            byte[] out = new byte[data.length];
            bm.serialize(0, out);
            assertThat(BitSet.valueOf(out)).isEqualTo(model);
            long from = r.nextLong(bitsTotal);
            assertThat(bm.nextClearBit(from)).isEqualTo(Math.min(bitsTotal, model.nextClearBit((int) from)));
            int next = model.nextSetBit((int) from);
            assertThat(bm.nextSetBit(from)).isEqualTo(next < 0 ? -1 : next);
        }
    }
}
