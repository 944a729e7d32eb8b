package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * compare's identicalSectors (the vectorised mismatch in 64 KiB windows) against a byte-by-byte
 * reference: buffers up to three windows and a bit long, one differing byte anywhere (window
 * edges included) or none, heap and direct buffers.
 */
class CompareSectorsPropertyTest {
    private static final int SECTOR = 512;
    private static final int W = ImgCompare.MISMATCH_WINDOW;

    @Property(tries = 300)
    void equalSectorsBeforeTheFirstDifferenceAreCounted(@ForAll @IntRange(min = 1, max = 3 * 65536 + 700) int n,
                                                        @ForAll @IntRange(min = -1, max = 3 * 65536 + 700) int diffAt,
                                                        @ForAll @IntRange(min = -2, max = 2) int nearEdge,
                                                        @ForAll boolean direct) {
        int at = diffAt;
        if (nearEdge != 0 && at >= 0) {
            at = Math.max(0, (at / W) * W + nearEdge); // a byte just before or after a window boundary
        }
        ByteBuffer a = direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
            byte v = (byte) (i * 31 + 7);
            a.put(i, v);
            b.put(i, v);
        }
        if (at >= 0 && at < n) {
            b.put(at, (byte) ~b.get(at));
        }
        int expected = n;
        for (int i = 0; i < n; i++) {
            if (a.get(i) != b.get(i)) {
                expected = (i / SECTOR) * SECTOR;
                break;
            }
        }
        assertThat(ImgCompare.identicalSectors(a, b, n)).isEqualTo(expected);
        assertThat(a.position()).isZero();
        assertThat(b.position()).isZero();
    }
}
