package io.jiotests.engine.tools.img;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** QEMU's size_to_str(): "136 KiB", "1.5 MiB", "0.977 MiB" (three significant digits). */
final class HumanSize {
    private static final String[] SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final long[] POW10 = {1, 10, 100, 1000};

    private HumanSize() {
    }

    static String format(long bytes) {
        double val = bytes;
        // switch to the next unit once the integer part reaches 1000
        int exp = Math.getExponent(val / (1000.0 / 1024.0)) + 1;
        if (bytes == 0) {
            exp = 0;
        }
        int i = Math.max(0, (exp - 1) / 10);
        i = Math.min(i, SUFFIXES.length - 1);
        double scaled = val / Math.pow(2, i * 10);
        return g3(scaled) + " " + SUFFIXES[i] + "B";
    }

    /**
     * printf("%0.3g") for values below 1000: the exact binary value rounded half-even to three
     * significant digits, trailing zeros dropped. Values from 0.1 up are done in long arithmetic
     * (BigDecimal's class initialisation alone costs a command-line tool noticeable start-up time).
     */
    static String g3(double v) {
        if (v == 0) {
            return "0";
        }
        String fast = g3Exact(v);
        if (fast != null) {
            return fast;
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN));
        if (d.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            return String.format("%.2e", v);
        }
        return d.stripTrailingZeros().toPlainString();
    }

    /** {@link #g3} for 0.1 <= v < 1000 with long arithmetic; null for other values. */
    static String g3Exact(double v) {
        if (!(v >= 0.1 && v < 1000)) {
            return null;
        }
        // v = mantissa * 2^-shift exactly (normal doubles in this range)
        long bits = Double.doubleToRawLongBits(v);
        long mantissa = (bits & 0x000F_FFFF_FFFF_FFFFL) | 0x0010_0000_0000_0000L;
        int shift = 1075 - (int) ((bits >>> 52) & 0x7FF);
        if (shift <= 0 || shift >= 63) {
            return null;
        }
        long mask = (1L << shift) - 1;
        for (int places = 0; places <= 3; places++) {
            long scaled = mantissa * POW10[places]; // < 2^53 * 1000 < 2^63
            long whole = scaled >>> shift;
            if (whole < 100 && places < 3) {
                continue;
            }
            long rest = scaled & mask;
            long half = 1L << (shift - 1);
            if (rest > half || (rest == half && (whole & 1) != 0)) {
                whole++;
            }
            if (places == 0 && whole >= 1000) {
                return null; // rounds to 1000: printf switches to exponent form
            }
            return plain(whole, places);
        }
        return null;
    }

    /** whole / 10^places as a plain decimal without trailing zeros. */
    private static String plain(long whole, int places) {
        long unit = POW10[places];
        long intPart = whole / unit;
        long frac = whole % unit;
        if (frac == 0) {
            return Long.toString(intPart);
        }
        StringBuilder digits = new StringBuilder(Long.toString(frac));
        while (digits.length() < places) {
            digits.insert(0, '0');
        }
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        digits.setLength(end);
        return new StringBuilder().append(intPart).append('.').append(digits).toString();
    }
}
