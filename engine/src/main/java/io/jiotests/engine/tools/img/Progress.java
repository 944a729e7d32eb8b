package io.jiotests.engine.tools.img;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * qemu-img's -p progress (qemu-progress.c behaviour): "    (12.34/100%)\r" printed whenever the
 * percentage moved by more than {@code minSkip} since the last print, at 0 and at 100, and a final
 * newline at the end. Arithmetic in single precision like QEMU, so the printed values agree.
 */
final class Progress {
    private final PrintStream out;
    private final boolean enabled;
    private final float minSkip;
    private float current;
    private float lastPrint;

    Progress(PrintStream out, boolean enabled, float minSkip) {
        this.out = out;
        this.enabled = enabled;
        this.minSkip = minSkip;
    }

    /** Adds {@code delta} percent and prints if due. */
    void print(float delta) {
        if (!enabled) {
            return;
        }
        current = Math.min(current + delta, 100f);
        if (current > lastPrint + minSkip || current < lastPrint - minSkip || current == 100f || current == 0f) {
            lastPrint = current;
            out.print("    (" + twoDecimals(current) + "/100%)\r");
            out.flush();
        }
    }

    /** Sets the absolute percentage (qemu_progress_print with max 0) and prints if due. */
    void setAbsolute(float value) {
        if (!enabled) {
            return;
        }
        current = value;
        if (current > lastPrint + minSkip || current < lastPrint - minSkip || current == 100f || current == 0f) {
            lastPrint = current;
            out.print("    (" + twoDecimals(current) + "/100%)\r");
            out.flush();
        }
    }

    /**
     * printf's %3.2f of a float: the exact binary value rounded to nearest, ties to even (3.125
     * prints 3.12, where Java's formatter rounds half up).
     */
    static String twoDecimals(float v) {
        return new BigDecimal((double) v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The share of {@code bytes} in {@code total} as a percentage (float, as QEMU computes it). */
    static float percent(long bytes, long total) {
        return ((float) bytes / total) * 100;
    }

    void end() {
        if (enabled) {
            out.print("\n");
            out.flush();
        }
    }
}
