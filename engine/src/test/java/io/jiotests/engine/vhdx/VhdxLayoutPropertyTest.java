package io.jiotests.engine.vhdx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Layout arithmetic and on-disk structure round trips of the vhdx package. */
class VhdxLayoutPropertyTest {
    @Test
    void wellKnownGuidsInWindowsByteOrder() {
        // 2DC27766-F623-4200-9D64-115E9BFD4A08 as it appears in every VHDX region table
        assertThat(VhdxGuid.BAT_REGION).containsExactly(0x66, 0x77, 0xc2, 0x2d, 0x23, 0xf6, 0x00, 0x42,
                0x9d, 0x64, 0x11, 0x5e, 0x9b, 0xfd, 0x4a, 0x08);
    }

    /** The BAT index of a payload block skips one sector bitmap entry per chunk, and the count covers every block. */
    @Property(tries = 300, seed = "20261126")
    void payloadEntriesSkipBitmapEntries(@ForAll @IntRange(min = 0, max = 8) int blockShift,
                                         @ForAll @LongRange(min = 1, max = 64L << 40) long diskSize) {
        VhdxMetadata m = new VhdxMetadata();
        m.blockSize = (1L << 20) << blockShift;
        m.diskSize = diskSize;
        m.logicalSector = 512;
        long ratio = m.chunkRatio();
        assertThat(ratio * m.blockSize).isEqualTo((1L << 23) * 512);
        VhdxBat bat = new VhdxBat(0, m.batEntries(), ratio, new long[0]);
        long blocks = m.dataBlocks();
        assertThat(blocks * m.blockSize).isGreaterThanOrEqualTo(diskSize);
        long last = bat.payloadIndex(blocks - 1);
        assertThat(last).isLessThan(m.batEntries());
        assertThat((last + 1) % (ratio + 1)).as("a payload entry is never a bitmap entry").isNotZero();
    }

    @Property(tries = 100, seed = "20261126")
    void batEntryKeepsStateAndMegabyteOffset(@ForAll @IntRange(min = 0, max = 7) int state,
                                             @ForAll @LongRange(min = 0, max = (1L << 43) - 1) long megabytes) {
        long e = VhdxBat.entry(state, megabytes << 20);
        assertThat(VhdxBat.state(e)).isEqualTo(state);
        assertThat(VhdxBat.fileOffset(e)).isEqualTo(megabytes << 20);
    }

    @Property(tries = 100, seed = "20261126")
    void logEntryRoundTrips(@ForAll @IntRange(min = 1, max = 130) int count, @ForAll long sequence,
                            @ForAll @LongRange(min = 0, max = 1L << 40) long fileLength) {
        Random r = new Random(sequence);
        List<VhdxLogEntry.Update> updates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[4096];
            r.nextBytes(data);
            updates.add(new VhdxLogEntry.Update((long) r.nextInt(1 << 20) * 4096, data, 0));
        }
        byte[] guid = VhdxGuid.random();
        byte[] raw = VhdxLogEntry.build(8192, sequence, guid, fileLength, updates);
        assertThat(raw.length % 4096).isZero();
        assertThat(VhdxLogEntry.claimedLength(raw, guid, 1L << 32)).isEqualTo(raw.length);
        VhdxLogEntry e = VhdxLogEntry.parse(raw);
        assertThat(e).isNotNull();
        assertThat(e.sequence).isEqualTo(sequence);
        assertThat(e.tail).isEqualTo(8192);
        assertThat(e.flushedFileOffset).isEqualTo(fileLength);
        for (int i = 0; i < count; i++) {
            assertThat(e.updates.get(i).fileOffset()).isEqualTo(updates.get(i).fileOffset());
            assertThat(e.updates.get(i).data()).isEqualTo(updates.get(i).data());
        }
        raw[raw.length - 100] ^= 1;
        assertThat(VhdxLogEntry.parse(raw)).as("a changed byte breaks the checksum").isNull();
    }

    @Property(tries = 50, seed = "20261126")
    void headerSuccessorIsValidWithNextSequence(@ForAll @LongRange(min = 0, max = 0xffffffffL) long sequence) {
        VhdxHeader h = VhdxHeader.forCreate(sequence, VhdxGuid.random(), VhdxGuid.random(), 1 << 20, 1 << 20);
        VhdxHeader parsed = VhdxHeader.parse(h.toBytes());
        assertThat(parsed.valid()).isTrue();
        VhdxHeader next = parsed.successor(sequence + 1, VhdxGuid.random(), null, VhdxGuid.ZERO);
        VhdxHeader reparsed = VhdxHeader.parse(next.toBytes());
        assertThat(reparsed.valid()).isTrue();
        assertThat(reparsed.sequence()).isEqualTo(sequence + 1);
        assertThat(reparsed.logOffset()).isEqualTo(1 << 20);
        byte[] broken = next.toBytes();
        broken[100] ^= 1;
        assertThat(VhdxHeader.parse(broken).valid()).isFalse();
    }
}
