package io.jiotests.harness.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A line-based unified diff (as {@code diff -u}), computed with Myers' O(ND) algorithm. Lines are
 * compared exactly; a missing newline at the end of a side is shown as diff does.
 */
public final class UnifiedDiff {

    private UnifiedDiff() {
    }

    private enum Op { KEEP, DELETE, INSERT }

    private record Edit(Op op, int a, int b) {
    }

    /** Splits text into lines, keeping a marker for a last line without newline. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                out.add(text.substring(start) + "\n\\ No newline at end of file");
                break;
            }
            out.add(text.substring(start, nl));
            start = nl + 1;
        }
        return out;
    }

    /**
     * The unified diff from {@code a} (labelled {@code labelA}) to {@code b}, with {@code context}
     * lines of context; "" when the texts are equal.
     */
    public static String diff(String a, String b, String labelA, String labelB, int context) {
        if (a.equals(b)) {
            return "";
        }
        List<String> x = lines(a);
        List<String> y = lines(b);
        List<Edit> script = editScript(x, y);
        StringBuilder sb = new StringBuilder();
        sb.append("--- ").append(labelA).append('\n');
        sb.append("+++ ").append(labelB).append('\n');
        int i = 0;
        while (i < script.size()) {
            if (script.get(i).op() == Op.KEEP) {
                i++;
                continue;
            }
            int start = Math.max(0, i - context);
            int end = i;
            // extend the hunk while changes are within 2*context lines of each other
            int lastChange = i;
            while (end < script.size()) {
                if (script.get(end).op() != Op.KEEP) {
                    lastChange = end;
                } else if (end - lastChange > 2 * context) {
                    break;
                }
                end++;
            }
            end = Math.min(script.size(), lastChange + context + 1);
            appendHunk(sb, script.subList(start, end), x, y);
            i = end;
        }
        return sb.toString();
    }

    private static void appendHunk(StringBuilder sb, List<Edit> hunk, List<String> x, List<String> y) {
        int aStart = -1;
        int bStart = -1;
        int aLen = 0;
        int bLen = 0;
        for (Edit e : hunk) {
            if (e.op() != Op.INSERT) {
                if (aStart < 0) {
                    aStart = e.a();
                }
                aLen++;
            }
            if (e.op() != Op.DELETE) {
                if (bStart < 0) {
                    bStart = e.b();
                }
                bLen++;
            }
        }
        Edit first = hunk.get(0);
        if (aStart < 0) {
            aStart = first.a();
        }
        if (bStart < 0) {
            bStart = first.b();
        }
        sb.append("@@ -").append(range(aStart, aLen)).append(" +").append(range(bStart, bLen)).append(" @@\n");
        for (Edit e : hunk) {
            switch (e.op()) {
                case KEEP -> sb.append(' ').append(x.get(e.a())).append('\n');
                case DELETE -> sb.append('-').append(x.get(e.a())).append('\n');
                case INSERT -> sb.append('+').append(y.get(e.b())).append('\n');
            }
        }
    }

    private static String range(int start, int len) {
        // diff -u: 1-based start; an empty range shows the line before it
        if (len == 0) {
            return start + ",0";
        }
        return len == 1 ? String.valueOf(start + 1) : (start + 1) + "," + len;
    }

    /** Beyond this many differences the middle part is shown as one replaced block. */
    private static final int MAX_D = 2000;

    /**
     * The edit script: common prefix and suffix, and between them Myers' greedy shortest edit
     * script (keeping only the live diagonals of each step for backtracking).
     */
    private static List<Edit> editScript(List<String> x, List<String> y) {
        int n = x.size();
        int m = y.size();
        int pre = 0;
        while (pre < n && pre < m && x.get(pre).equals(y.get(pre))) {
            pre++;
        }
        int suf = 0;
        while (suf < n - pre && suf < m - pre && x.get(n - 1 - suf).equals(y.get(m - 1 - suf))) {
            suf++;
        }
        List<Edit> out = new ArrayList<>();
        for (int i = 0; i < pre; i++) {
            out.add(new Edit(Op.KEEP, i, i));
        }
        List<Edit> middle = myers(x.subList(pre, n - suf), y.subList(pre, m - suf));
        for (Edit e : middle) {
            out.add(new Edit(e.op(), e.a() + pre, e.b() + pre));
        }
        for (int i = suf; i > 0; i--) {
            out.add(new Edit(Op.KEEP, n - i, m - i));
        }
        return out;
    }

    private static List<Edit> myers(List<String> x, List<String> y) {
        int n = x.size();
        int m = y.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= Math.min(max, MAX_D) && found < 0; d++) {
            trace.add(Arrays.copyOfRange(v, offset - d - 1, offset + d + 2));
            for (int k = -d; k <= d; k += 2) {
                int xi;
                if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
                    xi = v[offset + k + 1];
                } else {
                    xi = v[offset + k - 1] + 1;
                }
                int yi = xi - k;
                while (xi < n && yi < m && x.get(xi).equals(y.get(yi))) {
                    xi++;
                    yi++;
                }
                v[offset + k] = xi;
                if (xi >= n && yi >= m) {
                    found = d;
                    break;
                }
            }
        }
        List<Edit> rev = new ArrayList<>();
        if (found < 0) {
            for (int i = m - 1; i >= 0; i--) {
                rev.add(new Edit(Op.INSERT, n, i));
            }
            for (int i = n - 1; i >= 0; i--) {
                rev.add(new Edit(Op.DELETE, i, 0));
            }
            java.util.Collections.reverse(rev);
            return rev;
        }
        int xi = n;
        int yi = m;
        for (int d = found; d > 0; d--) {
            int[] vd = trace.get(d);
            int base = -d - 1;
            int k = xi - yi;
            int prevK;
            if (k == -d || (k != d && vd[k - 1 - base] < vd[k + 1 - base])) {
                prevK = k + 1;
            } else {
                prevK = k - 1;
            }
            int prevX = vd[prevK - base];
            int prevY = prevX - prevK;
            while (xi > prevX && yi > prevY) {
                xi--;
                yi--;
                rev.add(new Edit(Op.KEEP, xi, yi));
            }
            if (xi == prevX) {
                yi--;
                rev.add(new Edit(Op.INSERT, xi, yi));
            } else {
                xi--;
                rev.add(new Edit(Op.DELETE, xi, yi));
            }
        }
        while (xi > 0 && yi > 0) {
            xi--;
            yi--;
            rev.add(new Edit(Op.KEEP, xi, yi));
        }
        java.util.Collections.reverse(rev);
        return rev;
    }
}
