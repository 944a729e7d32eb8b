package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/**
 * HumanSize's long-arithmetic "%0.3g" must round exactly as BigDecimal does on the double's exact
 * value (half-even, three significant digits, trailing zeros stripped).
 */
class HumanSizePropertyTest {

    /** The reference: BigDecimal on the exact binary value. */
    private static String reference(double v) {
        BigDecimal d = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN));
        if (d.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            return null;
        }
        return d.stripTrailingZeros().toPlainString();
    }

    @Property(tries = 3000, seed = "20261126")
    void matchesBigDecimalOnAnyValueInRange(@ForAll @DoubleRange(min = 0.1, max = 1000, maxIncluded = false) double v) {
        assertThat(HumanSize.g3Exact(v)).isEqualTo(reference(v));
    }

    @Property(tries = 3000, seed = "20261127")
    void matchesBigDecimalOnSizesScaledToTheirUnit(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long bytes) {
        for (int unit = 0; unit <= 60; unit += 10) {
            double scaled = (double) bytes / Math.pow(2, unit);
            if (scaled >= 0.1 && scaled < 1000) {
                assertThat(HumanSize.g3Exact(scaled)).as("%d >> %d", bytes, unit).isEqualTo(reference(scaled));
            }
        }
    }

    @Example
    void tiesAndCarries() {
        // exact ties round to even; a carry into the next digit drops a decimal place
        assertThat(HumanSize.g3Exact(1.125)).isEqualTo("1.12");
        assertThat(HumanSize.g3Exact(1.375)).isEqualTo("1.38");
        assertThat(HumanSize.g3Exact(99.96)).isEqualTo("100");
        assertThat(HumanSize.g3Exact(9.999)).isEqualTo("10");
        assertThat(HumanSize.g3Exact(0.9995)).isEqualTo("1");
        assertThat(HumanSize.g3Exact(999.5)).isNull();
        assertThat(HumanSize.g3(999.5)).isEqualTo(String.format("%.2e", 999.5));
        assertThat(HumanSize.g3Exact(0.05)).isNull();
        assertThat(HumanSize.g3(0.05)).isEqualTo("0.05");
        assertThat(HumanSize.format(1000 * 1024)).isEqualTo("0.977 MiB");
        assertThat(HumanSize.format(1536)).isEqualTo("1.5 KiB");
    }
}
