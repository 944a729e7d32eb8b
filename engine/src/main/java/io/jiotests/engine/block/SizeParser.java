package io.jiotests.engine.block;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * qemu_strtosz(): a byte count with an optional binary suffix (B, k/K, M, G, T, P, E), where a
 * fractional number is allowed with a suffix ("1.5G"). Returns -1 for anything qemu rejects
 * (negative, malformed, trailing junk, 2^63 or more).
 */
public final class SizeParser {
    private SizeParser() {
    }

    public static long parse(String text) {
        return parse(text, 'B');
    }

    /** Parses with {@code defaultSuffix} applied when the text has none (qemu-img uses 'B'). */
    public static long parse(String text, char defaultSuffix) {
        if (text == null) {
            return -1;
        }
        String s = text.trim();
        if (s.isEmpty() || s.charAt(0) == '-') {
            return -1;
        }
        int end = 0;
        boolean hex = s.startsWith("0x") || s.startsWith("0X");
        if (hex) {
            end = 2;
            while (end < s.length() && Character.digit(s.charAt(end), 16) >= 0) {
                end++;
            }
            if (end == 2) {
                return -1;
            }
        } else {
            while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
                end++;
            }
            if (end == 0) {
                return -1;
            }
        }
        String number = s.substring(0, end);
        String rest = s.substring(end);
        char suffix = rest.isEmpty() ? defaultSuffix : rest.charAt(0);
        if (rest.length() > 1) {
            return -1;
        }
        int shift = suffixShift(suffix);
        if (shift < 0) {
            return -1;
        }
        if (!hex) {
            long whole = plainDecimal(number);
            if (whole >= 0) {
                // the common case (an integer count) without BigDecimal, whose class initialisation
                // alone costs a command-line tool ~45 ms of CPU before its first byte of work
                return whole > (Long.MAX_VALUE >> shift) ? -1 : whole << shift;
            }
        }
        try {
            BigDecimal value;
            if (hex) {
                if (rest.length() > 0 && shift == 0 && Character.toUpperCase(suffix) == 'B') {
                    return -1; // "0x1b" is ambiguous; qemu rejects a hex number with a B suffix
                }
                value = new BigDecimal(new BigInteger(number.substring(2), 16));
            } else {
                if (number.indexOf('.') != number.lastIndexOf('.')) {
                    return -1;
                }
                value = new BigDecimal(number);
                if (number.contains(".") && rest.isEmpty() && defaultSuffix == 'B') {
                    return -1; // a fraction of a byte
                }
            }
            BigInteger bytes = value.multiply(BigDecimal.valueOf(2).pow(shift)).toBigInteger();
            if (bytes.bitLength() > 63) {
                return -1;
            }
            return bytes.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    /**
     * The value of a number made of ASCII digits only, when it is below 2^63; -1 for anything
     * else (a fraction, other digits, an overflow), which the exact BigDecimal path then decides.
     */
    private static long plainDecimal(String number) {
        if (number.isEmpty() || number.length() > 18) {
            return -1; // 18 digits always fit in a long; longer ones take the exact path
        }
        long v = 0;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The power of two a size suffix (B, K, M, G, T, P, E in either case) multiplies by; -1 for another character. */
    public static int suffixShift(char suffix) {
        return switch (Character.toUpperCase(suffix)) {
            case 'B' -> 0;
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            case 'E' -> 60;
            default -> -1;
        };
    }
}
