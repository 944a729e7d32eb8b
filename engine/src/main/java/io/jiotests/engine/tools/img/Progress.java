package io.jiotests.engine.tools.img;

import java.io.PrintStream;
import java.util.Locale;

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
            out.print(String.format(Locale.ROOT, "    (%3.2f/100%%)\r", current));
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
            out.print(String.format(Locale.ROOT, "    (%3.2f/100%%)\r", current));
            out.flush();
        }
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
