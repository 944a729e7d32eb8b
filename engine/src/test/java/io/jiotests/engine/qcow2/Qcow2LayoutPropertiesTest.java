package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of the on-disk encodings: refcount entries, header round trip, metadata sizing. */
class Qcow2LayoutPropertiesTest {

    @Property(seed = "20261126")
    void refcountEntriesRoundTripWithoutTouchingNeighbours(@ForAll @IntRange(min = 0, max = 6) int order,
                                                          @ForAll @IntRange(min = 0, max = 510) int index,
                                                          @ForAll long raw) {
        int bits = 1 << order;
        long value = bits == 64 ? raw : raw & ((1L << bits) - 1);
        byte[] block = new byte[4096];
        java.util.Arrays.fill(block, (byte) 0x5a);
        byte[] before = block.clone();
        long left = index > 0 ? Qcow2Refcounts.getEntry(block, index - 1, order) : 0;
        long right = Qcow2Refcounts.getEntry(block, index + 1, order);
        Qcow2Refcounts.setEntry(block, index, order, value);
        assertThat(Qcow2Refcounts.getEntry(block, index, order)).isEqualTo(value);
        if (index > 0) {
            assertThat(Qcow2Refcounts.getEntry(block, index - 1, order)).isEqualTo(left);
        }
        assertThat(Qcow2Refcounts.getEntry(block, index + 1, order)).isEqualTo(right);
        Qcow2Refcounts.setEntry(block, index, order, Qcow2Refcounts.getEntry(before, index, order));
        assertThat(block).isEqualTo(before);
    }

    @Property(seed = "20261126")
    void sixteenBitRefcountsAreBigEndian(@ForAll @IntRange(min = 0, max = 0xffff) int v) {
        byte[] block = new byte[8];
        Qcow2Refcounts.setEntry(block, 1, 4, v);
        assertThat(block[2] & 0xff).isEqualTo(v >>> 8);
        assertThat(block[3] & 0xff).isEqualTo(v & 0xff);
    }

    @Provide
    Arbitrary<Integer> clusterBits() {
        return Arbitraries.integers().between(9, 21);
    }

    @Property(seed = "20261126")
    void headerRoundTrips(@ForAll("clusterBits") int cb, @ForAll @LongRange(min = 0, max = 1L << 50) long size,
                          @ForAll boolean v3, @ForAll @IntRange(min = 0, max = 6) int order) throws Exception {
        Qcow2Header h = new Qcow2Header();
        h.version = v3 ? 3 : 2;
        h.clusterBits = cb;
        h.size = size;
        h.l1Size = 7;
        h.l1TableOffset = 3L << cb;
        h.refcountTableOffset = 1L << cb;
        h.refcountTableClusters = 1;
        h.refcountOrder = v3 ? order : 4;
        h.backingFile = "base.img";
        h.backingFormat = "qcow2";
        byte[] b = h.serialize();
        assertThat(b).hasSize(1 << cb);
        Qcow2Header p = Qcow2Header.parse(b, b.length);
        p.parseExtensions(b, b.length, p.backingFileOffset);
        assertThat(p.size).isEqualTo(size);
        assertThat(p.clusterBits).isEqualTo(cb);
        assertThat(p.refcountOrder).isEqualTo(h.refcountOrder);
        assertThat(p.backingFormat).isEqualTo("qcow2");
        assertThat(new String(b, (int) p.backingFileOffset, p.backingFileSize,
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("base.img");
        assertThat(p.l1TableOffset).isEqualTo(3L << cb);
    }

    @Property(seed = "20261126")
    void refcountMetadataCoversItself(@ForAll @LongRange(min = 1, max = 1L << 30) long clusters,
                                      @ForAll("clusterBits") int cb,
                                      @ForAll @IntRange(min = 0, max = 6) int order) {
        long cs = 1L << cb;
        long[] blocks = new long[1];
        long bytes = Qcow2Refcounts.metadataSize(clusters, cs, order, false, blocks);
        long perBlock = cs * 8 / (1L << order);
        long tableClusters = bytes / cs - blocks[0];
        assertThat(blocks[0] * perBlock).isGreaterThanOrEqualTo(clusters + blocks[0] + tableClusters);
        assertThat(tableClusters * (cs / 8)).isGreaterThanOrEqualTo(blocks[0]);
    }
}
