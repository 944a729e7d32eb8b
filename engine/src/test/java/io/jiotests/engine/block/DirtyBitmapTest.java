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
}
