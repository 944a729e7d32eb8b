package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.SizeParser;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * qemu_strtosz() as qemu-img applies it to command-line sizes: a decimal or 0x-hex number, an
 * optional fraction (decimal, with a suffix), one optional suffix (B, K, M, G, T, P, E in either
 * case), leading white space allowed, nothing after. The result is unsigned 64-bit.
 */
final class SizeArg {
    /** Parse outcome: the value, or why it was rejected. */
    record Result(BigInteger value, boolean invalid, boolean range, boolean hexWithSuffix) {
        boolean ok() {
            return !invalid && !range;
        }

        /** The value when it fits a signed 64-bit integer, else -1. */
        long asLong() {
            return ok() && value.bitLength() <= 63 ? value.longValue() : -1;
        }
    }

    private static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private SizeArg() {
    }

    static Result parse(String text) {
        return parse(text, 'B');
    }

    static Result parse(String text, char defaultSuffix) {
        String s = text;
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        s = s.substring(i);
        if (s.startsWith("-") || s.startsWith("+")) {
            return invalid();
        }
        boolean hex = s.length() > 1 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
        int end;
        BigInteger intPart;
        if (hex) {
            end = 2;
            while (end < s.length() && Character.digit(s.charAt(end), 16) >= 0) {
                end++;
            }
            if (end == 2) {
                return invalid();
            }
            intPart = new BigInteger(s.substring(2, end), 16);
        } else {
            end = 0;
            while (end < s.length() && Character.isDigit(s.charAt(end))) {
                end++;
            }
            if (end == 0) {
                return invalid();
            }
            intPart = new BigInteger(s.substring(0, end));
        }
        BigDecimal value = new BigDecimal(intPart);
        boolean fraction = false;
        if (!hex && end < s.length() && s.charAt(end) == '.') {
            int fstart = end + 1;
            int fend = fstart;
            while (fend < s.length() && Character.isDigit(s.charAt(fend))) {
                fend++;
            }
            if (fend > fstart) {
                value = new BigDecimal(s.substring(0, fend));
            }
            fraction = true;
            end = fend;
        }
        String rest = s.substring(end);
        char suffix = defaultSuffix;
        if (!rest.isEmpty()) {
            suffix = rest.charAt(0);
            rest = rest.substring(1);
        }
        int shift = SizeParser.suffixShift(suffix);
        if (shift < 0 || !rest.isEmpty()) {
            return invalid();
        }
        if (fraction && shift == 0) {
            return invalid();
        }
        BigDecimal scaled = value.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(shift)));
        BigInteger bytes = scaled.toBigInteger();
        if (bytes.compareTo(U64_LIMIT) >= 0) {
            return new Result(bytes, false, true, false);
        }
        boolean hexSuffix = hex && end < s.length();
        return new Result(bytes, false, false, hexSuffix);
    }

    private static Result invalid() {
        return new Result(BigInteger.ZERO, true, false, false);
    }
}
