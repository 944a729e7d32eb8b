package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** ReadAhead.alignedBuffer gives page-aligned buffers of exactly the requested size, small ones too. */
class AlignedBufferTest {
    @Test
    void everySizeIsPageAlignedWithExactCapacity() {
        for (int size : new int[] {1, 511, 512, 1000, 1024, 2048, 4095, 4096, 4097, 8191, 65536, 65537}) {
            for (int round = 0; round < 8; round++) {
                ByteBuffer b = ReadAhead.alignedBuffer(size);
                assertThat(b.capacity()).as("capacity for %d", size).isEqualTo(size);
                assertThat(b.alignmentOffset(0, 4096)).as("alignment for %d", size).isZero();
            }
        }
    }
}
