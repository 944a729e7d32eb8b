package io.jiotests.engine.qed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The on-disk structures: little-endian fields at the offsets of the QED specification. */
class QedHeaderTest {

    @Test
    void fieldsAreLittleEndianAtTheSpecOffsets() {
        QedHeader h = new QedHeader();
        h.magic = QedHeader.MAGIC;
        h.clusterSize = 0x10000;
        h.tableSize = 4;
        h.headerSize = 1;
        h.features = QedHeader.F_BACKING_FILE | QedHeader.F_BACKING_FORMAT_NO_PROBE;
        h.l1TableOffset = 0x10000;
        h.imageSize = 0x0102030405060708L;
        h.backingFilenameOffset = 64;
        h.backingFilenameSize = 9;
        byte[] b = h.encode();
        assertThat(b).hasSize(64);
        assertThat(new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("QED\0");
        assertThat(b[6]).isEqualTo((byte) 1); // 0x00010000 little-endian: 00 00 01 00
        assertThat(b[8]).isEqualTo((byte) 4);
        assertThat(b[16]).isEqualTo((byte) 5);
        assertThat(b[48]).isEqualTo((byte) 0x08);
        assertThat(b[55]).isEqualTo((byte) 0x01);
        assertThat(b[56]).isEqualTo((byte) 64);
        assertThat(b[60]).isEqualTo((byte) 9);
    }

    @Property(tries = 300, seed = "20261126")
    void parseInvertsEncode(@ForAll int cluster, @ForAll int table, @ForAll int hdr, @ForAll long features,
                            @ForAll long compat, @ForAll long autoclear, @ForAll long l1, @ForAll long size,
                            @ForAll int bOff, @ForAll int bSize) {
        QedHeader h = new QedHeader();
        h.magic = QedHeader.MAGIC;
        h.clusterSize = Integer.toUnsignedLong(cluster);
        h.tableSize = Integer.toUnsignedLong(table);
        h.headerSize = Integer.toUnsignedLong(hdr);
        h.features = features;
        h.compatFeatures = compat;
        h.autoclearFeatures = autoclear;
        h.l1TableOffset = l1;
        h.imageSize = size;
        h.backingFilenameOffset = Integer.toUnsignedLong(bOff);
        h.backingFilenameSize = Integer.toUnsignedLong(bSize);
        byte[] b = h.encode();
        QedHeader p = QedHeader.parse(b, b.length);
        assertThat(p.encode()).isEqualTo(b);
        assertThat(p.clusterSize).isEqualTo(Integer.toUnsignedLong(cluster));
        assertThat(p.imageSize).isEqualTo(size);
        assertThat(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(40)).isEqualTo(l1);
    }

    @Test
    void shortInputReadsAsZeroPadded() {
        byte[] b = {'Q', 'E', 'D', 0, 0, 0x10};
        QedHeader h = QedHeader.parse(b, b.length);
        assertThat(h.magic).isEqualTo(QedHeader.MAGIC);
        assertThat(h.clusterSize).isEqualTo(0x1000);
        assertThat(h.tableSize).isZero();
    }

    @Test
    void sizeLimitsFollowQemuIncludingItsWrapAround() {
        assertThat(QedHeader.isClusterSizeValid(4096)).isTrue();
        assertThat(QedHeader.isClusterSizeValid(3072)).isFalse();
        assertThat(QedHeader.isClusterSizeValid(128L << 20)).isFalse();
        assertThat(QedHeader.isTableSizeValid(16)).isTrue();
        assertThat(QedHeader.isTableSizeValid(3)).isFalse();
        assertThat(QedHeader.maxImageSize(65536, 4)).isEqualTo(64L << 40);
        assertThat(QedHeader.isImageSizeValid(64L << 40, 65536, 4)).isTrue();
        assertThat(QedHeader.isImageSizeValid((64L << 40) + 512, 65536, 4)).isFalse();
        assertThat(QedHeader.isImageSizeValid(1000, 65536, 4)).isFalse();
        // 64 MiB clusters with 16-cluster tables: QEMU's 64-bit product wraps to 0
        assertThat(QedHeader.maxImageSize(64L << 20, 16)).isZero();
        assertThat(QedHeader.isImageSizeValid(1 << 20, 64L << 20, 16)).isFalse();
        assertThat(QedHeader.isImageSizeValid(0, 64L << 20, 16)).isTrue();
    }

    @Test
    void tableEntriesRoundTripLittleEndian() {
        QedTable t = QedTable.empty(0x30000, 128);
        t.set(0, 0x50000);
        t.set(1, QedTable.ZERO_CLUSTER);
        t.set(127, 0x1122334455667788L);
        byte[] raw = t.encode(0, 128);
        assertThat(raw[2]).isEqualTo((byte) 5);
        assertThat(raw[8]).isEqualTo((byte) 1);
        long[] back = new long[128];
        QedTable.decode(raw, 0, back, 0, 128);
        assertThat(back[0]).isEqualTo(0x50000);
        assertThat(back[127]).isEqualTo(0x1122334455667788L);
        assertThat(QedTable.isZero(back[1])).isTrue();
        assertThat(QedTable.isUnallocated(back[2])).isTrue();
    }
}
