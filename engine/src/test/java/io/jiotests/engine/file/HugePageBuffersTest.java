package io.jiotests.engine.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class HugePageBuffersTest {
    private static long address(ByteBuffer b) {
        return MemorySegment.ofBuffer(b).address();
    }

    @Test
    void buffersAreAlignedDisjointZeroedAndExactlySized() {
        ByteBuffer[] bufs = HugePageBuffers.allocate(5, 65536 + 512);
        assertThat(bufs).hasSize(5);
        for (int i = 0; i < bufs.length; i++) {
            ByteBuffer b = bufs[i];
            assertThat(b.isDirect()).isTrue();
            assertThat(b.capacity()).isEqualTo(65536 + 512);
            assertThat(b.position()).isZero();
            assertThat(address(b) % 4096).isZero();
            for (int k = 0; k < b.capacity(); k += 509) {
                assertThat(b.get(k)).isZero();
            }
        }
        for (int i = 0; i < bufs.length; i++) {
            for (int k = 0; k < bufs[i].capacity(); k++) {
                bufs[i].put(k, (byte) (i + 1));
            }
        }
        for (int i = 0; i < bufs.length; i++) {
            ByteBuffer b = bufs[i];
            assertThat(b.get(0)).isEqualTo((byte) (i + 1));
            assertThat(b.get(b.capacity() - 1)).isEqualTo((byte) (i + 1));
        }
        for (int i = 1; i < bufs.length; i++) {
            assertThat(address(bufs[i])).isGreaterThanOrEqualTo(address(bufs[i - 1]) + bufs[i - 1].capacity());
        }
    }

    @Test
    void smallAndEmptyRequests() {
        assertThat(HugePageBuffers.allocate(0, 4096)).isEmpty();
        ByteBuffer[] one = HugePageBuffers.allocate(1, 1);
        assertThat(one[0].capacity()).isEqualTo(1);
        assertThatThrownBy(() -> HugePageBuffers.allocate(-1, 4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HugePageBuffers.allocate(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Where the kernel offers transparent huge pages to madvise()d memory, writing the buffers
     * faults huge pages into their mapping: its AnonHugePages in /proc/self/smaps grows by at least
     * one huge page.
     */
    @Test
    void writingTheBuffersFaultsInHugePages() throws IOException {
        Path enabled = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        Assumptions.assumeTrue(Files.isReadable(enabled), "no transparent huge pages in this kernel");
        String mode = Files.readString(enabled);
        Assumptions.assumeTrue(mode.contains("[always]") || mode.contains("[madvise]"),
                "transparent huge pages are disabled: " + mode.strip());
        ByteBuffer[] bufs = HugePageBuffers.allocate(32, 65536);
        long start = address(bufs[0]);
        long before = anonHugeKiB(start);
        for (ByteBuffer b : bufs) {
            for (int k = 0; k < b.capacity(); k += 4096) {
                b.put(k, (byte) 1);
            }
        }
        assertThat(anonHugeKiB(start) - before).isGreaterThanOrEqualTo(HugePageBuffers.HUGE_PAGE / 1024);
    }

    /** AnonHugePages (KiB) of the mapping in /proc/self/smaps that contains {@code address}. */
    private static long anonHugeKiB(long address) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        boolean inside = false;
        for (String line : lines) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+")) {
                long lo = Long.parseUnsignedLong(line.substring(0, dash), 16);
                long hi = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                inside = address >= lo && address < hi;
            } else if (inside && line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no mapping contains " + Long.toHexString(address));
    }
}
