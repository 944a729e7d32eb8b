package io.jiotests.engine.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * SizeParser's integer fast path (no BigDecimal) must give what the exact arithmetic gives: the
 * value shifted by the suffix, or -1 from 2^63 on.
 */
class SizeParserPropertyTest {
    private static final String SUFFIXES = "BKMGTPE";

    /** The reference: exact integer arithmetic. */
    private static long reference(BigInteger value, int suffix) {
        BigInteger bytes = value.shiftLeft(10 * suffix);
        return bytes.bitLength() > 63 ? -1 : bytes.longValueExact();
    }

    @Property(tries = 2000, seed = "20261126")
    void integerWithAnySuffixMatchesExactArithmetic(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v,
                                                     @ForAll @IntRange(min = 0, max = 6) int suffix,
                                                     @ForAll @IntRange(min = 0, max = 62) int shiftDown) {
        long value = v >>> shiftDown; // small values as often as large ones
        String text = value + (suffix == 0 ? "" : String.valueOf(SUFFIXES.charAt(suffix)));
        assertThat(SizeParser.parse(text)).as(text).isEqualTo(reference(BigInteger.valueOf(value), suffix));
    }

    @Property(tries = 500, seed = "20261127")
    void leadingZerosAndLongNumbersMatchExactArithmetic(@ForAll @IntRange(min = 0, max = 25) int zeros,
                                                        @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v,
                                                        @ForAll @IntRange(min = 0, max = 6) int suffix) {
        String digits = "0".repeat(zeros) + v;
        String text = digits + (suffix == 0 ? "" : String.valueOf(SUFFIXES.charAt(suffix)).toLowerCase());
        assertThat(SizeParser.parse(text)).as(text).isEqualTo(reference(new BigInteger(digits), suffix));
    }

    @Example
    void boundariesAndTheExactPath() {
        assertThat(SizeParser.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(SizeParser.parse("9223372036854775808")).isEqualTo(-1);
        assertThat(SizeParser.parse("8191P")).isEqualTo(8191L << 50);
        assertThat(SizeParser.parse("8192P")).isEqualTo(-1);
        assertThat(SizeParser.parse("7E")).isEqualTo(7L << 60);
        assertThat(SizeParser.parse("8E")).isEqualTo(-1);
        assertThat(SizeParser.parse("1.5G")).isEqualTo(3L << 29);
        assertThat(SizeParser.parse("0x10k")).isEqualTo(16L << 10);
        assertThat(SizeParser.parse("1.5")).isEqualTo(-1);
        assertThat(SizeParser.parse("12x")).isEqualTo(-1);
        assertThat(SizeParser.parse("-1")).isEqualTo(-1);
    }
}
