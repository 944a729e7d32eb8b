package io.jiotests.engine.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The CHS calculation: known values from the VHD specification's algorithm and its invariants. */
class VhdGeometryTest {
    @Test
    void knownGeometries() {
        assertThat(VhdGeometry.roundUp(0)).isEqualTo(VhdGeometry.NONE);
        assertThat(VhdGeometry.roundUp(1)).isEqualTo(new VhdGeometry(1, 4, 17));
        assertThat(VhdGeometry.roundUp(131072)).isEqualTo(new VhdGeometry(964, 8, 17)); // 64 MiB
        assertThat(VhdGeometry.roundUp(2097152)).isEqualTo(new VhdGeometry(2081, 16, 63)); // 1 GiB
        assertThat(VhdGeometry.roundUp(67108864)).isEqualTo(new VhdGeometry(16449, 16, 255)); // 32 GiB
        assertThat(VhdGeometry.roundUp(VhdGeometry.MAX_GEOMETRY_SECTORS)).isEqualTo(VhdGeometry.MAX);
        assertThat(VhdGeometry.calculate(VhdGeometry.MAX_GEOMETRY_SECTORS + 1)).isNull();
    }

    /** The rounded geometry holds the sectors asked for and fits the CHS limits. */
    @Property(tries = 2000, seed = "424242")
    void roundUpHoldsTheSizeWithinLimits(@ForAll @LongRange(min = 0, max = 65535L * 16 * 255) long sectors) {
        VhdGeometry g = VhdGeometry.roundUp(sectors);
        assertThat(g).isNotNull();
        assertThat(g.sectors()).isGreaterThanOrEqualTo(sectors);
        assertThat(g.cylinders()).isBetween(0, 65535);
        assertThat(g.heads()).isBetween(0, 16);
        assertThat(g.sectorsPerTrack()).isIn(0, 17, 31, 63, 255);
    }
}
