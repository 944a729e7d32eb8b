package io.jiotests.engine.tools.io;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * qemu-io's text formats: sizes ("4 KiB", "1.500 KiB", "267.141252 bytes"), elapsed times
 * ("00.00 sec", "0:00:01.25"), the statistics line after a request, the hexdump of -v, and number
 * parsing (cvtnum) with its error messages.
 */
final class QemuIoFormat {
    /** BDRV_REQUEST_MAX_BYTES. */
    static final long MAX_REQUEST = 2147483136L;

    private static final String[] UNITS = {" EiB", " PiB", " TiB", " GiB", " MiB", " KiB"};
    private static final int[] SHIFTS = {60, 50, 40, 30, 20, 10};

    private QemuIoFormat() {
    }

    /** cvtstr(): a size with a binary unit; ".000" is dropped. */
    static String size(double value) {
        for (int i = 0; i < UNITS.length; i++) {
            double unit = Math.scalb(1.0, SHIFTS[i]);
            if (value >= unit) {
                return trim(cFixed(value / unit, 3), UNITS[i]);
            }
        }
        return trim(cFixed(value, 6), " bytes");
    }

    /** printf("%.Nf") as glibc does it: the exact binary value, ties rounded to even. */
    static String cFixed(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.format(Locale.ROOT, "%." + digits + "f", value);
        }
        return new BigDecimal(value).setScale(digits, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String trim(String number, String suffix) {
        int dot = number.indexOf(".000");
        return dot >= 0 ? number.substring(0, dot) + suffix : number + suffix;
    }

    /** timestr(): "SS.hh sec" below a second (unless fixed), else "H:MM:SS.hh". */
    static String time(long nanos, boolean fixed) {
        long secs = nanos / 1_000_000_000L;
        double frac = (nanos % 1_000_000_000L) / 1e9;
        if (fixed || secs > 0) {
            return String.format(Locale.ROOT, "%d:%02d:%05.2f", secs / 3600, (secs / 60) % 60, (secs % 60) + frac);
        }
        return String.format(Locale.ROOT, "%05.2f sec", frac);
    }

    /** print_report(): the statistics line of a finished request (or of -C's terse form). */
    static void report(PrintStream out, long nanos, long total, int count, boolean terse) {
        double secs = nanos / 1e9;
        double bytesPerSec = secs > 0 ? total / secs : 0;
        double opsPerSec = secs > 0 ? count / secs : 0;
        if (terse) {
            out.printf(Locale.ROOT, "%d,%d,%s,%.3f,%.3f%n", total, count, time(nanos, true), bytesPerSec, opsPerSec);
        } else {
            out.printf(Locale.ROOT, "%s, %d ops; %s (%s/sec and %.4f ops/sec)%n", size(total), count,
                    time(nanos, false), size(bytesPerSec), opsPerSec);
        }
    }

    /** dump_buffer(): 16 bytes a line, hex then alphanumerics. */
    static void hexdump(PrintStream out, byte[] buf, long offset, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i += 16) {
            sb.append(String.format(Locale.ROOT, "%08x:  ", offset + i));
            int n = Math.min(16, len - i);
            for (int j = 0; j < n; j++) {
                sb.append(String.format(Locale.ROOT, "%02x ", buf[i + j] & 0xff));
            }
            sb.append(' ');
            for (int j = 0; j < n; j++) {
                int c = buf[i + j] & 0xff;
                boolean alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                sb.append(alnum ? (char) c : '.');
            }
            sb.append('\n');
        }
        out.print(sb);
    }

    /** A number that cvtnum rejected; the message is what qemu-io prints for it. */
    static final class NumberException extends Exception {
        private static final long serialVersionUID = 1L;

        NumberException(String message) {
            super(message);
        }
    }

    /**
     * cvtnum(): qemu_strtosz with bytes as the default unit: decimal or 0x hex, an optional
     * fraction only with a unit suffix (k, M, G, T, P, E, b for bytes is not accepted),
     * leading white space allowed; at least 2^63 is "too large".
     */
    static long cvtnum(String arg, PrintStream err) throws NumberException {
        String bad = "Parsing error: non-numeric argument, or extraneous/unrecognized suffix -- " + arg;
        String s = arg.stripLeading();
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        int i = 0;
        boolean hex = s.startsWith("0x") || s.startsWith("0X");
        BigDecimal value;
        if (hex) {
            i = 2;
            while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                i++;
            }
            if (i == 2) {
                throw new NumberException(bad);
            }
            value = new BigDecimal(new BigInteger(s.substring(2, i), 16));
        } else {
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int intEnd = i;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
            }
            if (intEnd == 0) {
                throw new NumberException(bad);
            }
            String num = s.substring(0, i);
            value = new BigDecimal(num.endsWith(".") ? num + "0" : num.startsWith(".") ? "0" + num : num);
        }
        boolean fraction = !hex && s.substring(0, i).contains(".");
        String rest = s.substring(i);
        int shift;
        if (rest.isEmpty()) {
            if (fraction) {
                throw new NumberException(bad);
            }
            shift = 0;
        } else {
            if (rest.length() != 1) {
                throw new NumberException(bad);
            }
            shift = switch (rest.charAt(0)) {
                case 'b', 'B' -> fraction ? -1 : 0;
                case 'k', 'K' -> 10;
                case 'm', 'M' -> 20;
                case 'g', 'G' -> 30;
                case 't', 'T' -> 40;
                case 'p', 'P' -> 50;
                case 'e', 'E' -> 60;
                default -> -1;
            };
            if (shift < 0) {
                throw new NumberException(bad);
            }
            if (hex && err != null) {
                err.println("qemu-io: warning: Using a multiplier suffix on hex numbers is deprecated: " + arg);
            }
        }
        BigInteger bytes = value.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(shift))).toBigInteger();
        if (bytes.bitLength() > 63 || (!fraction && shift == 0 && value.toBigInteger().bitLength() > 63)) {
            throw new NumberException("Parsing error: argument too large -- " + arg);
        }
        return bytes.longValueExact();
    }

    /** parse_pattern(): a byte 0..255 in C notation (decimal, 0x hex, 0 octal). */
    static int pattern(String arg) throws NumberException {
        String s = arg.strip();
        try {
            long v;
            int end = 0;
            boolean neg = s.startsWith("-");
            String body = neg || s.startsWith("+") ? s.substring(1) : s;
            if (body.startsWith("0x") || body.startsWith("0X")) {
                end = 2;
                while (end < body.length() && Character.digit(body.charAt(end), 16) >= 0) {
                    end++;
                }
                v = Long.parseLong(body.substring(2, end), 16);
            } else if (body.startsWith("0") && body.length() > 1) {
                while (end < body.length() && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                    end++;
                }
                v = Long.parseLong(body.substring(0, end), 8);
            } else {
                while (end < body.length() && Character.isDigit(body.charAt(end))) {
                    end++;
                }
                v = Long.parseLong(body.substring(0, end));
            }
            if (end != body.length() || neg || v > 255) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new NumberException(arg + " is not a valid pattern byte");
        }
    }
}
