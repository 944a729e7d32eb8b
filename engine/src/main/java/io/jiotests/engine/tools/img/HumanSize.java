package io.jiotests.engine.tools.img;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** QEMU's size_to_str(): "136 KiB", "1.5 MiB", "0.977 MiB" (three significant digits). */
final class HumanSize {
    private static final String[] SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

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

    /** printf("%0.3g") for values below 1000. */
    static String g3(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN));
        if (d.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            return String.format("%.2e", v);
        }
        String s = d.stripTrailingZeros().toPlainString();
        return s;
    }
}
