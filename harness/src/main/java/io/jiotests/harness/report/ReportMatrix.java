package io.jiotests.harness.report;

import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.TestCase;
import io.jiotests.harness.run.TestInfo;
import io.jiotests.harness.run.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The results of a run arranged as the report shows them: one row per test, one column per
 * implementation x format (x the QEMU version the implementation stands for).
 */
public final class ReportMatrix {

    /** A column: an implementation on a format. */
    public record Column(String impl, String fmt, String version) {
        public String key() {
            return impl + "|" + fmt;
        }
    }

    /** How a cell is shown; {@link #css} is its class in the page. */
    public enum CellKind {
        PASS("pass", "pass"), FAIL("fail", "fail"), EXPECTED_FAIL("xfail", "expected fail"),
        NOT_RUN("notrun", "not run");

        final String css;
        final String label;

        CellKind(String css, String label) {
            this.css = css;
            this.label = label;
        }

        public String css() {
            return css;
        }

        public String label() {
            return label;
        }

        /** Unexpected passes and unexpected not-runs fail the run, so they show as failures. */
        public static CellKind of(Verdict v) {
            return switch (v) {
                case PASS -> PASS;
                case EXPECTED_FAIL -> EXPECTED_FAIL;
                case NOT_RUN -> NOT_RUN;
                case FAIL, UNEXPECTED_PASS, UNEXPECTED_NOT_RUN -> FAIL;
            };
        }
    }

    private final List<Column> columns;
    private final List<TestInfo> rows;
    private final Map<String, JudgedResult> cells;

    private ReportMatrix(List<Column> columns, List<TestInfo> rows, Map<String, JudgedResult> cells) {
        this.columns = columns;
        this.rows = rows;
        this.cells = cells;
    }

    /** Arranges results; columns keep the order implementations and formats first appear in. */
    public static ReportMatrix of(List<JudgedResult> results, QemuVersions versions) {
        Map<String, Column> cols = new LinkedHashMap<>();
        Map<Integer, TestInfo> tests = new TreeMap<>();
        Map<String, JudgedResult> cells = new LinkedHashMap<>();
        List<String> impls = new ArrayList<>();
        List<String> fmts = new ArrayList<>();
        for (JudgedResult j : results) {
            TestCase tc = j.testCase();
            if (!impls.contains(tc.impl())) {
                impls.add(tc.impl());
            }
            if (!fmts.contains(tc.fmt())) {
                fmts.add(tc.fmt());
            }
            tests.putIfAbsent(tc.test().number(), tc.test());
            cells.put(cellKey(tc.test().id(), tc.impl(), tc.fmt()), j);
        }
        for (String impl : impls) {
            for (String fmt : fmts) {
                boolean any = results.stream().anyMatch(j -> j.testCase().impl().equals(impl) && j.testCase().fmt().equals(fmt));
                if (any) {
                    cols.put(impl + "|" + fmt, new Column(impl, fmt, versions.of(impl)));
                }
            }
        }
        List<TestInfo> rows = new ArrayList<>(tests.values());
        rows.sort(Comparator.comparingInt(TestInfo::number));
        return new ReportMatrix(List.copyOf(cols.values()), rows, cells);
    }

    static String cellKey(String test, String impl, String fmt) {
        return PreviousRun.key(test, impl, fmt);
    }

    public List<Column> columns() {
        return columns;
    }

    public List<TestInfo> rows() {
        return rows;
    }

    public Optional<JudgedResult> cell(TestInfo row, Column col) {
        return Optional.ofNullable(cells.get(cellKey(row.id(), col.impl(), col.fmt())));
    }

    /** Cell counts of a column by kind. */
    public Map<CellKind, Integer> counts(Column col) {
        Map<CellKind, Integer> m = new EnumMap<>(CellKind.class);
        for (CellKind k : CellKind.values()) {
            m.put(k, 0);
        }
        for (TestInfo row : rows) {
            cell(row, col).ifPresent(j -> m.merge(CellKind.of(j.verdict()), 1, Integer::sum));
        }
        return m;
    }

    /** Passes in a previous run for this column (verdict "pass"), and how many cells it had. */
    public static int[] previousCounts(PreviousRun prev, Column col) {
        int pass = 0;
        int total = 0;
        String suffix = "|" + col.impl() + "|" + col.fmt();
        for (Map.Entry<String, String> e : prev.verdicts().entrySet()) {
            if (e.getKey().endsWith(suffix) && e.getKey().indexOf('|') == e.getKey().length() - suffix.length()) {
                total++;
                if (e.getValue().equals(Verdict.PASS.label())) {
                    pass++;
                }
            }
        }
        return new int[] {pass, total};
    }

    /** Cells whose verdict differs from the previous run ("" for a cell the other run did not have). */
    public List<String[]> changesSince(PreviousRun prev) {
        List<String[]> out = new ArrayList<>();
        for (TestInfo row : rows) {
            for (Column col : columns) {
                Optional<JudgedResult> j = cell(row, col);
                if (j.isEmpty()) {
                    continue;
                }
                String now = j.get().verdict().label();
                String before = prev.verdicts().getOrDefault(cellKey(row.id(), col.impl(), col.fmt()), "");
                if (!now.equals(before)) {
                    out.add(new String[] {row.id(), col.impl(), col.fmt(), before, now});
                }
            }
        }
        return out;
    }
}
