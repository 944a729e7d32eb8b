package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.CheckResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/**
 * qemu-img check's "%.2f" percentages (ImgCheck.percent, long arithmetic) must round exactly as
 * BigDecimal does on the double's exact value (half to even), as glibc's printf does.
 */
class CheckPercentPropertyTest {

    private static String reference(double v) {
        return new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    @Property(tries = 3000, seed = "20261126")
    void matchesBigDecimalOnAnyPercentage(@ForAll @DoubleRange(min = 0, max = 100) double v) {
        assertThat(ImgCheck.percent(v)).isEqualTo(reference(v));
    }

    @Property(tries = 3000, seed = "20261128")
    void matchesBigDecimalOnClusterRatios(@ForAll @LongRange(min = 0, max = 1L << 40) long part,
                                          @ForAll @LongRange(min = 1, max = 1L << 40) long whole) {
        long p = Math.min(part, whole);
        double v = p * 100.0 / whole;
        assertThat(ImgCheck.percent(v)).as("%d/%d", p, whole).isEqualTo(reference(v));
    }

    @Example
    void tiesTinyValuesAndLargeOnes() {
        assertThat(ImgCheck.percent(3.125)).isEqualTo("3.12");
        assertThat(ImgCheck.percent(0.375)).isEqualTo("0.38");
        assertThat(ImgCheck.percent(2.675)).isEqualTo("2.67"); // just below the tie in binary
        assertThat(ImgCheck.percent(0.005)).isEqualTo(reference(0.005));
        assertThat(ImgCheck.percent(0.0)).isEqualTo("0.00");
        assertThat(ImgCheck.percent(-0.0)).isEqualTo(reference(-0.0));
        assertThat(ImgCheck.percent(Double.MIN_VALUE)).isEqualTo("0.00");
        assertThat(ImgCheck.percent(100.0)).isEqualTo("100.00");
        assertThat(ImgCheck.percent(99.995)).isEqualTo(reference(99.995));
        assertThat(ImgCheck.percent(123456789.125)).isEqualTo("123456789.12");
        assertThat(ImgCheck.percent(1e16)).isEqualTo(reference(1e16));
    }

    @Example
    void theSummaryLineIsQemuImgs() {
        CheckResult r = new CheckResult(0, 0, 0, 0, 0, 0, 16384, 32768, 3, 1);
        assertThat(ImgCheck.human(r, 0, 0)).isEqualTo("No errors were found on the image.\n"
                + "16384/32768 = 50.00% allocated, 0.02% fragmented, 0.01% compressed clusters\n");
    }
}
