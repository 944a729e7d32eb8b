package io.jiotests.harness.run;

import java.util.ArrayList;
import java.util.List;

/** Positional test selectors: numbers and inclusive ranges ("001", "4", "004-010"). */
public final class Selection {

    private record Range(int from, int to) {
    }

    private final List<Range> ranges;

    private Selection(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Every test. */
    public static Selection all() {
        return new Selection(List.of());
    }

    /** Parses selectors; IllegalArgumentException for anything else. */
    public static Selection parse(List<String> selectors) {
        List<Range> out = new ArrayList<>();
        for (String s : selectors) {
            String t = s.strip();
            int dash = t.indexOf('-', 1);
            try {
                if (dash > 0) {
                    int from = Integer.parseInt(t.substring(0, dash));
                    String rest = t.substring(dash + 1);
                    int to = rest.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(rest);
                    if (from < 0 || to < from) {
                        throw new IllegalArgumentException("empty test range: " + s);
                    }
                    out.add(new Range(from, to));
                } else {
                    int n = Integer.parseInt(t);
                    if (n < 0) {
                        throw new IllegalArgumentException("not a test number: " + s);
                    }
                    out.add(new Range(n, n));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a test number or range: " + s);
            }
        }
        return new Selection(List.copyOf(out));
    }

    public boolean isAll() {
        return ranges.isEmpty();
    }

    public boolean matches(int number) {
        if (ranges.isEmpty()) {
            return true;
        }
        for (Range r : ranges) {
            if (number >= r.from() && number <= r.to()) {
                return true;
            }
        }
        return false;
    }
}
