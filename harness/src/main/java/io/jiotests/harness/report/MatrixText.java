package io.jiotests.harness.report;

import io.jiotests.harness.report.ReportMatrix.Column;
import io.jiotests.harness.run.CrossCheck;
import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.TestInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The matrix as plain text (matrix.txt in the report directory): one row per test x format, one
 * column per implementation (with the QEMU version it stands for) holding its verdict against
 * golden (a reference container is judged against its version's golden variant), and a last
 * column saying which implementations agree with each other ({@link Agreement}).
 */
public final class MatrixText {

    private MatrixText() {
    }

    public static String render(ReportMatrix matrix, List<CrossCheck> cross) {
        Map<String, String> impls = new LinkedHashMap<>(); // impl -> header
        List<String> fmts = new ArrayList<>();
        for (Column c : matrix.columns()) {
            impls.putIfAbsent(c.impl(), c.impl() + (c.version().equals("golden") ? "" : " (" + c.version() + ")"));
            if (!fmts.contains(c.fmt())) {
                fmts.add(c.fmt());
            }
        }
        List<String> names = new ArrayList<>(impls.keySet());
        int[] width = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            width[i] = Math.max(impls.get(names.get(i)).length(), "unexpected not run".length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# Conformance matrix: each implementation judged against golden (reference containers against\n")
                .append("# their QEMU version's golden variant where there is one); \"agreement\" compares the\n")
                .append("# implementations' outputs and image checkpoints with each other, naming every difference.\n");
        sb.append(pad("test", 4)).append(' ').append(pad("format", 9));
        for (int i = 0; i < names.size(); i++) {
            sb.append("  ").append(pad(impls.get(names.get(i)), width[i]));
        }
        sb.append("  agreement\n");
        for (TestInfo row : matrix.rows()) {
            for (String fmt : fmts) {
                List<String> cells = new ArrayList<>();
                boolean any = false;
                for (String impl : names) {
                    Optional<JudgedResult> j = matrix.columns().stream()
                            .filter(c -> c.impl().equals(impl) && c.fmt().equals(fmt)).findFirst()
                            .flatMap(c -> matrix.cell(row, c));
                    any |= j.isPresent();
                    cells.add(j.map(x -> x.verdict().label()).orElse("-"));
                }
                if (!any) {
                    continue;
                }
                sb.append(pad(row.id(), 4)).append(' ').append(pad(fmt, 9));
                for (int i = 0; i < cells.size(); i++) {
                    sb.append("  ").append(pad(cells.get(i), width[i]));
                }
                String agreement = Agreement.of(row.id(), fmt, cross);
                sb.append("  ").append(agreement.isEmpty() ? "-" : agreement).append('\n');
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
