package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.engine.block.BlockException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class Qcow2BitmapDirectoryTest {
    @Test
    void entryLayoutIsBigEndianAndPaddedToEightBytes() {
        var e = new Qcow2BitmapDirectory.Entry(0x50000, 1, Qcow2BitmapDirectory.FLAG_AUTO, 1, 16, "b1", new byte[0]);
        byte[] dir = Qcow2BitmapDirectory.serialize(List.of(e));
        assertThat(dir).hasSize(32);
        assertThat(Qcow2Io.be64(dir, 0)).isEqualTo(0x50000);
        assertThat(Qcow2Io.be32(dir, 8)).isEqualTo(1);
        assertThat(Qcow2Io.be32(dir, 12)).isEqualTo(2);
        assertThat(dir[16]).isEqualTo((byte) 1);
        assertThat(dir[17]).isEqualTo((byte) 16);
        assertThat(dir[19]).isEqualTo((byte) 2);
        assertThat(new String(dir, 24, 2)).isEqualTo("b1");
        assertThat(dir[26]).isZero();
    }

    @Test
    void extensionRoundTripsAndRejectsBadFields() throws BlockException {
        var ext = new Qcow2BitmapDirectory.Extension(3, 96, 0xa0000);
        assertThat(Qcow2BitmapDirectory.Extension.parse(ext.toBytes(), 65536)).isEqualTo(ext);
        assertThatThrownBy(() -> Qcow2BitmapDirectory.Extension.parse(new byte[16], 65536))
                .hasMessage("bitmaps_ext: Invalid extension length");
        assertThatThrownBy(() -> Qcow2BitmapDirectory.Extension.parse(
                new Qcow2BitmapDirectory.Extension(1, 32, 0xa0200).toBytes(), 65536))
                .hasMessage("bitmaps_ext: invalid bitmap directory offset");
        assertThatThrownBy(() -> Qcow2BitmapDirectory.Extension.parse(
                new Qcow2BitmapDirectory.Extension(1, -1, 0xa0000).toBytes(), 65536))
                .hasMessageContaining("exceeds the maximum supported size (67107840)");
    }

    @Test
    void truncatedOrMiscountedDirectoriesAreRefused() {
        var e = new Qcow2BitmapDirectory.Entry(0x50000, 1, 0, 1, 16, "b1", new byte[0]);
        byte[] dir = Qcow2BitmapDirectory.serialize(List.of(e, e.withTable(0x60000, 1)));
        assertThatThrownBy(() -> Qcow2BitmapDirectory.parse(dir, 1, 65536))
                .hasMessage("More bitmaps found than specified in header extension");
        assertThatThrownBy(() -> Qcow2BitmapDirectory.parse(dir, 3, 65536))
                .hasMessage("Less bitmaps found than specified in header extension");
        assertThatThrownBy(() -> Qcow2BitmapDirectory.parse(java.util.Arrays.copyOf(dir, 40), 2, 65536))
                .hasMessage("Broken bitmap directory");
        byte[] bad = dir.clone();
        bad[17] = 8; // granularity below 512
        assertThatThrownBy(() -> Qcow2BitmapDirectory.parse(bad, 2, 65536))
                .hasMessage("Bitmap 'b1' doesn't satisfy the constraints");
    }

    @Provide
    Arbitrary<List<Qcow2BitmapDirectory.Entry>> directories() {
        Arbitrary<Qcow2BitmapDirectory.Entry> entry = Combinators.combine(
                Arbitraries.longs().between(1, 1 << 20).map(c -> c << 16),
                Arbitraries.integers().between(1, 1000),
                Arbitraries.of(0, 1, 2, 3),
                Arbitraries.integers().between(9, 31),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(40))
                .as((off, size, flags, g, name) -> new Qcow2BitmapDirectory.Entry(off, size, flags, 1, g, name,
                        new byte[0]));
        return entry.list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 200, seed = "125")
    void serializeThenParseGivesTheSameEntries(@ForAll("directories") List<Qcow2BitmapDirectory.Entry> entries)
            throws BlockException {
        byte[] dir = Qcow2BitmapDirectory.serialize(entries);
        assertThat(dir.length % 8).isZero();
        List<Qcow2BitmapDirectory.Entry> back = Qcow2BitmapDirectory.parse(dir, entries.size(), 65536);
        assertThat(back).hasSize(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            var a = entries.get(i);
            var b = back.get(i);
            assertThat(List.of(b.tableOffset(), b.tableSize(), b.flags(), b.granularityBits(), b.name()))
                    .isEqualTo(List.of(a.tableOffset(), a.tableSize(), a.flags(), a.granularityBits(), a.name()));
        }
    }
}
